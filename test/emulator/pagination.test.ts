import { strict as assert } from 'node:assert';
import {
  AllocateStaticIpCommand,
  CreateKeyPairCommand,
  GetActiveNamesCommand,
  GetAlarmsCommand,
  GetBlueprintsCommand,
  GetBucketsCommand,
  GetBundlesCommand,
  GetCertificatesCommand,
  GetCloudFormationStackRecordsCommand,
  GetContainerLogCommand,
  GetDiskSnapshotsCommand,
  GetDisksCommand,
  GetDistributionsCommand,
  GetDomainsCommand,
  GetExportSnapshotRecordsCommand,
  GetInstanceSnapshotsCommand,
  GetInstancesCommand,
  GetKeyPairsCommand,
  GetLoadBalancerTlsPoliciesCommand,
  GetLoadBalancersCommand,
  GetOperationsCommand,
  GetOperationsForResourceCommand,
  GetRelationalDatabaseBlueprintsCommand,
  GetRelationalDatabaseBundlesCommand,
  GetRelationalDatabaseEventsCommand,
  GetRelationalDatabaseParametersCommand,
  GetRelationalDatabaseSnapshotsCommand,
  GetRelationalDatabasesCommand,
  GetSetupHistoryCommand,
  GetStaticIpsCommand,
  GetSubdomainsCommand,
  InvalidInputException,
  type LightsailClient,
  TagResourceCommand,
} from '@aws-sdk/client-lightsail';
import { SEEDED } from '../../src/emulator';
import { PAGINATED } from '../../src/emulator/pagination';
import { useEmulator } from './harness';
import { rejectsWith } from './network-helpers';

/** Any of the commands below: the table holds commands of different inputs and outputs. */
type Command = object;
type SendArg = Parameters<LightsailClient['send']>[0];

/**
 * Every paginated action of the model (pageToken in, nextPageToken out), each made with the
 * parameters it needs. The emulator runs with a page size of 1, so any list of two or more
 * entries pages.
 */
const ACTIONS: Record<string, (pageToken?: string) => Command> = {
  GetActiveNames: (pageToken) => new GetActiveNamesCommand({ pageToken }),
  GetAlarms: (pageToken) => new GetAlarmsCommand({ pageToken }),
  GetBlueprints: (pageToken) => new GetBlueprintsCommand({ pageToken }),
  GetBuckets: (pageToken) => new GetBucketsCommand({ pageToken }),
  GetBundles: (pageToken) => new GetBundlesCommand({ pageToken }),
  GetCertificates: (pageToken) => new GetCertificatesCommand({ pageToken }),
  GetCloudFormationStackRecords: (pageToken) => new GetCloudFormationStackRecordsCommand({ pageToken }),
  GetContainerLog: (pageToken) =>
    new GetContainerLogCommand({ serviceName: SEEDED.liveService, containerName: 'app', pageToken }),
  GetDiskSnapshots: (pageToken) => new GetDiskSnapshotsCommand({ pageToken }),
  GetDisks: (pageToken) => new GetDisksCommand({ pageToken }),
  GetDistributions: (pageToken) => new GetDistributionsCommand({ pageToken }),
  GetDomains: (pageToken) => new GetDomainsCommand({ pageToken }),
  GetExportSnapshotRecords: (pageToken) => new GetExportSnapshotRecordsCommand({ pageToken }),
  GetInstanceSnapshots: (pageToken) => new GetInstanceSnapshotsCommand({ pageToken }),
  GetInstances: (pageToken) => new GetInstancesCommand({ pageToken }),
  GetKeyPairs: (pageToken) => new GetKeyPairsCommand({ pageToken }),
  GetLoadBalancerTlsPolicies: (pageToken) => new GetLoadBalancerTlsPoliciesCommand({ pageToken }),
  GetLoadBalancers: (pageToken) => new GetLoadBalancersCommand({ pageToken }),
  GetOperations: (pageToken) => new GetOperationsCommand({ pageToken }),
  GetOperationsForResource: (pageToken) =>
    new GetOperationsForResourceCommand({ resourceName: SEEDED.instance, pageToken }),
  GetRelationalDatabaseBlueprints: (pageToken) => new GetRelationalDatabaseBlueprintsCommand({ pageToken }),
  GetRelationalDatabaseBundles: (pageToken) => new GetRelationalDatabaseBundlesCommand({ pageToken }),
  GetRelationalDatabaseEvents: (pageToken) =>
    new GetRelationalDatabaseEventsCommand({ relationalDatabaseName: 'no-such-db', pageToken }),
  GetRelationalDatabaseParameters: (pageToken) =>
    new GetRelationalDatabaseParametersCommand({ relationalDatabaseName: 'no-such-db', pageToken }),
  GetRelationalDatabaseSnapshots: (pageToken) => new GetRelationalDatabaseSnapshotsCommand({ pageToken }),
  GetRelationalDatabases: (pageToken) => new GetRelationalDatabasesCommand({ pageToken }),
  GetSetupHistory: (pageToken) => new GetSetupHistoryCommand({ resourceName: SEEDED.instance, pageToken }),
  GetStaticIps: (pageToken) => new GetStaticIpsCommand({ pageToken }),
  GetSubdomains: (pageToken) => new GetSubdomainsCommand({ pageToken }),
};

/**
 * The actions checked page by page: those whose seeded list has two or more entries, and a few
 * whose list a couple of calls make long enough. The paging itself is the server's one helper
 * (pagination.ts), the same for all; the refusal of tokens is checked for every action.
 */
/** The seed alone makes the list long enough. */
const seeded = () => Promise.resolve();

const PAGED: Record<string, (client: LightsailClient) => Promise<unknown>> = {
  GetActiveNames: seeded,
  GetBlueprints: seeded,
  GetBundles: seeded,
  GetInstances: seeded,
  GetLoadBalancerTlsPolicies: seeded,
  GetOperations: seeded,
  GetRelationalDatabaseBlueprints: seeded,
  GetRelationalDatabaseBundles: seeded,
  GetStaticIps: (c) =>
    Promise.all(
      ['ip-a', 'ip-b'].map((staticIpName) => c.send(new AllocateStaticIpCommand({ staticIpName }))),
    ),
  GetKeyPairs: (c) =>
    Promise.all(['key-a', 'key-b'].map((keyPairName) => c.send(new CreateKeyPairCommand({ keyPairName })))),
  GetOperationsForResource: (c) =>
    Promise.all(
      ['a', 'b'].map((key) =>
        c.send(new TagResourceCommand({ resourceName: SEEDED.instance, tags: [{ key, value: 'v' }] })),
      ),
    ),
};

describe('Lightsail emulator: every paginated action pages the same way', () => {
  const h = useEmulator({ pageSize: 1 });
  const client = () => h.lightsail(SEEDED.region);
  const call = (command: Command) => client().send(command as unknown as SendArg);
  const send = async (command: Command) => (await call(command)) as unknown as Record<string, unknown>;

  it('covers exactly the actions the service model paginates', () => {
    assert.deepEqual(Object.keys(ACTIONS).sort(), [...PAGINATED.keys()].sort());
  });

  for (const [action, command] of Object.entries(ACTIONS)) {
    const member = PAGINATED.get(action)!;

    it(`${action}: refuses a pageToken it did not issue, made up or issued to another action, with InvalidInputException`, async () => {
      await rejectsWith(
        call(command('not-a-token')),
        InvalidInputException,
        /^The pageToken not-a-token is not valid\.$/,
      );
      const other = action === 'GetBlueprints' ? 'GetBundles' : 'GetBlueprints';
      const issued = (await send(ACTIONS[other]!())).nextPageToken as string;
      assert.ok(issued, `${other} issues a token at a page size of 1`);
      await rejectsWith(call(command(issued)), InvalidInputException, /pageToken .* is not valid/);
    });

    const setup = PAGED[action];
    if (setup) {
      it(`${action}: answers one entry a page and a token for the next, the last page without one, each entry once`, async () => {
        await setup(client());
        const seen: string[] = [];
        let token: string | undefined;
        do {
          const answer = await send(command(token));
          const items = answer[member] as unknown[];
          token = answer.nextPageToken as string | undefined;
          assert.equal(items.length, 1, `${action} page ${seen.length + 1}`);
          seen.push(JSON.stringify(items[0]));
        } while (token);
        assert.ok(seen.length >= 2, `${action} answered ${seen.length} page`);
        assert.equal(new Set(seen).size, seen.length);
      });
    }
  }

  it('refuses a token of another region, though it names the same action', async () => {
    const issued = (await send(ACTIONS.GetBlueprints!())).nextPageToken as string;
    await rejectsWith(
      h.lightsail(SEEDED.otherRegion).send(ACTIONS.GetBlueprints!(issued) as unknown as SendArg),
      InvalidInputException,
      /pageToken .* is not valid/,
    );
  });
});
