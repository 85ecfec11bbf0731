import { strict as assert } from 'node:assert';
import {
  CopySnapshotCommand,
  GetOperationsCommand,
  StopInstanceCommand,
  TagResourceCommand,
} from '@aws-sdk/client-lightsail';
import { SEEDED } from '../../src/emulator';
import { ChangeTracker } from '../../src/emulator/change-tracker';
import { recordOperation } from '../../src/emulator/operations';
import { makeContext } from '../../src/emulator/registry';
import { useEmulator } from './harness';

const REGION = 'eu-west-1';

describe('Lightsail emulator: operations at the scale of a fleet', () => {
  const emulator = useEmulator();

  /** Operations recorded straight into the region's store: 10,000 calls would take a minute. */
  function addOperations(count: number): void {
    const { emulator: e } = emulator.running;
    for (let i = 0; i < count; i++) {
      recordOperation(e.state[REGION]!, e.clock, {
        resourceName: `snap-${i}`,
        resourceType: 'InstanceSnapshot',
        operationType: 'CopySnapshot',
        availabilityZone: `${REGION}a`,
        awsSeconds: 3600,
      });
    }
  }

  it('answers a GetOperations page over 10,000 operations in milliseconds, reading the store without the change tracker', async () => {
    addOperations(10_000);
    const client = emulator.lightsail(REGION);
    await client.send(new GetOperationsCommand({}));
    const times: number[] = [];
    let pageToken: string | undefined;
    for (let page = 0; page < 10; page++) {
      const started = performance.now();
      const out = await client.send(new GetOperationsCommand({ pageToken }));
      times.push(performance.now() - started);
      assert.equal(out.operations?.length, 200);
      pageToken = out.nextPageToken;
    }
    const median = times.sort((a, b) => a - b)[5]!;
    // 88 ms a page through the change tracker's proxies on the 2-core build machine, 12 ms without.
    assert.ok(median < 40, `a page took ${median.toFixed(1)} ms at the median`);
  });

  it('reconciles the served listeners only after a call that writes what they serve: a snapshot copy or tag does not, an instance stop does', async () => {
    const { emulator: e } = emulator.running;
    let reconciles = 0;
    const syncServed = e.syncServed.bind(e);
    e.syncServed = () => {
      reconciles++;
      return syncServed();
    };
    try {
      const target = emulator.lightsail(SEEDED.otherRegion);
      await target.send(
        new CopySnapshotCommand({
          sourceRegion: SEEDED.region,
          sourceSnapshotName: SEEDED.snapshot,
          targetSnapshotName: 'served-dr',
        }),
      );
      await target.send(
        new TagResourceCommand({ resourceName: 'served-dr', tags: [{ key: 'k', value: 'v' }] }),
      );
      // Each reconcile read every instance of every region: the benchmark's hundreds, per copy.
      assert.equal(reconciles, 0, 'a copy and a tag of a snapshot left the listeners alone');
      await emulator
        .lightsail(SEEDED.region)
        .send(new StopInstanceCommand({ instanceName: SEEDED.instance }));
      assert.equal(reconciles, 1, 'a stopped instance closes its listeners before the answer');
    } finally {
      e.syncServed = syncServed;
    }
  });

  it('runs untracked only actions that write nothing: each, run through the change tracker, touches no record', () => {
    addOperations(3);
    const { emulator: e } = emulator.running;
    const readsOnly = e.registry.names().filter((name) => e.registry.get(name)!.readsOnly);
    assert.deepEqual(readsOnly, ['GetOperation', 'GetOperations', 'GetOperationsForResource']);
    const [id] = Object.keys(e.state[REGION]!.operations);
    const params: Record<string, Record<string, unknown>> = {
      GetOperation: { operationId: id },
      GetOperationsForResource: { resourceName: 'snap-1' },
    };
    for (const name of readsOnly) {
      const tracker = new ChangeTracker(e.state);
      e.registry
        .get(name)!
        .handler(makeContext(tracker.state, REGION, e.clock, undefined), params[name] ?? {});
      assert.deepEqual(tracker.finish(), [], `${name} wrote to the state`);
    }
  });
});
