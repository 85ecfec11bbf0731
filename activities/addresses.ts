import {
  AllocateStaticIpCommand,
  AttachStaticIpCommand,
  DetachStaticIpCommand,
  GetDomainsCommand,
  GetStaticIpCommand,
  ReleaseStaticIpCommand,
  UpdateDomainEntryCommand,
  type StaticIp,
  type Operation,
} from '@aws-sdk/client-lightsail';
import { ApplicationFailure } from '@temporalio/activity';
import { callLightsail } from '../src/lightsail/call';
import { allPages } from '../src/lightsail/pages';
import type { LightsailClients } from '../src/lightsail/clients';
import { awaitQuickOperations } from './operation-waits';
import { isLightsailError, toTemporalFailure } from '../src/lightsail/errors';

/** Lightsail keeps every domain (DNS zone) in us-east-1, whatever the region of its records' targets. */
export const DOMAINS_REGION = 'us-east-1';

/** One A or AAAA entry of a Lightsail domain. */
export interface DomainEntryRef {
  domainName: string;
  id: string;
  name: string;
  type: 'A' | 'AAAA';
  target: string;
}

/** The addresses people reach an instance by: static IPs, and the DNS entries that name them. */
export function addressActivities({ clients }: { clients: LightsailClients }) {
  const waitFor = (region: string, operations: Operation[] | undefined) =>
    awaitQuickOperations(clients, region, operations);
  const readStaticIp = async (region: string, staticIpName: string): Promise<StaticIp | undefined> => {
    try {
      return (await clients.forRegion(region).send(new GetStaticIpCommand({ staticIpName }))).staticIp;
    } catch (err) {
      if (isLightsailError(err, 'NotFoundException')) return undefined;
      throw toTemporalFailure(err, { action: 'GetStaticIp', region });
    }
  };

  return {
    /**
     * Allocates a static IP under a name derived from the run (static IPs take no tags, so the
     * name is the proof): one already there under that name is this run's earlier attempt's.
     */
    async allocateStaticIp(input: { region: string; staticIpName: string }): Promise<{ address: string }> {
      let existing = await readStaticIp(input.region, input.staticIpName);
      if (!existing) {
        const out = await callLightsail(clients, input.region, 'AllocateStaticIp', (c) =>
          c.send(new AllocateStaticIpCommand({ staticIpName: input.staticIpName })),
        );
        await waitFor(input.region, out.operations);
        existing = await readStaticIp(input.region, input.staticIpName);
      }
      if (!existing?.ipAddress) {
        throw ApplicationFailure.retryable(`Static IP ${input.staticIpName} has no address yet`);
      }
      return { address: existing.ipAddress };
    },

    /**
     * Attaches a static IP to an instance, detaching it from wherever it is first; attached
     * there already is done. A retry after a worker died between the two calls finishes the move,
     * so the address ends attached once, to `instanceName`.
     */
    async attachStaticIp(input: {
      region: string;
      staticIpName: string;
      instanceName: string;
    }): Promise<{ address: string }> {
      const ip = await readStaticIp(input.region, input.staticIpName);
      if (!ip?.ipAddress) {
        throw ApplicationFailure.nonRetryable(
          `Static IP ${input.staticIpName} is no longer in ${input.region}: it was released while the run used it.`,
          'StaticIpGone',
        );
      }
      if (ip.isAttached && ip.attachedTo === input.instanceName) return { address: ip.ipAddress };
      const client = clients.forRegion(input.region);
      try {
        if (ip.isAttached) {
          const out = await client.send(new DetachStaticIpCommand({ staticIpName: input.staticIpName }));
          await waitFor(input.region, out.operations);
        }
        const out = await client.send(
          new AttachStaticIpCommand({ staticIpName: input.staticIpName, instanceName: input.instanceName }),
        );
        await waitFor(input.region, out.operations);
      } catch (err) {
        throw toTemporalFailure(err, { action: 'AttachStaticIp', region: input.region });
      }
      return { address: ip.ipAddress };
    },

    /** Releases a static IP the run allocated (its name derives from the run); gone is done. */
    async releaseStaticIp(input: { region: string; staticIpName: string }): Promise<void> {
      const ip = await readStaticIp(input.region, input.staticIpName);
      if (!ip) return;
      const client = clients.forRegion(input.region);
      try {
        if (ip.isAttached) {
          const out = await client.send(new DetachStaticIpCommand({ staticIpName: input.staticIpName }));
          await waitFor(input.region, out.operations);
        }
        const out = await client.send(new ReleaseStaticIpCommand({ staticIpName: input.staticIpName }));
        await waitFor(input.region, out.operations);
      } catch (err) {
        if (isLightsailError(err, 'NotFoundException')) return;
        throw toTemporalFailure(err, { action: 'ReleaseStaticIp', region: input.region });
      }
    },

    /** Every A and AAAA entry of the account's Lightsail domains whose target is one of `addresses`. */
    async findDomainEntries(input: { addresses: string[] }): Promise<DomainEntryRef[]> {
      const found: DomainEntryRef[] = [];
      const domains = await allPages(async (pageToken) => {
        const out = await callLightsail(clients, DOMAINS_REGION, 'GetDomains', (c) =>
          c.send(new GetDomainsCommand({ pageToken })),
        );
        return { items: out.domains, next: out.nextPageToken };
      });
      for (const domain of domains) {
        for (const entry of domain.domainEntries ?? []) {
          if (
            (entry.type === 'A' || entry.type === 'AAAA') &&
            entry.id &&
            entry.target &&
            input.addresses.includes(entry.target)
          ) {
            found.push({
              domainName: domain.name ?? '',
              id: entry.id,
              name: entry.name ?? '',
              type: entry.type,
              target: entry.target,
            });
          }
        }
      }
      return found;
    },

    /** Points each entry at its target; setting the same target again changes nothing. */
    async setDomainEntries(input: { entries: DomainEntryRef[] }): Promise<void> {
      for (const entry of input.entries) {
        const out = await callLightsail(clients, DOMAINS_REGION, 'UpdateDomainEntry', (c) =>
          c.send(
            new UpdateDomainEntryCommand({
              domainName: entry.domainName,
              domainEntry: { id: entry.id, name: entry.name, type: entry.type, target: entry.target },
            }),
          ),
        ).catch((err: unknown) => {
          if (err instanceof ApplicationFailure && err.type === 'NotFoundException') {
            throw ApplicationFailure.nonRetryable(
              `The DNS entry ${entry.name} (${entry.type}) of ${entry.domainName} was deleted while the run moved it.`,
              'DomainEntryGone',
            );
          }
          throw err;
        });
        await waitFor(DOMAINS_REGION, out.operations);
      }
    },
  };
}
