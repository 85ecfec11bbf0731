import { strict as assert } from 'node:assert';
import type { WorkflowHandle } from '@temporalio/client';
import type { DrDrillInput } from '../../src/schemas/dr-drill';
import { DRILL_TARGETS_MISSED, type DrDrillReport } from '../../src/schemas/dr-report';
import { PROGRESS_QUERY, type RunProgress } from '../../src/schemas/progress';
import { expectFailure } from '../support/failures';
import { createMigrationSource, dnsTargets, readInstance } from '../support/migration-fixtures';
import { instancesOfRun, runNightlyDr, startDrill } from '../support/dr-fixtures';
import { testStack, type TestStack } from '../support/stack';

describe('drDrill: restores the DR copies under scratch names, measures them against the targets, deletes them', function () {
  this.timeout(240_000);
  let stack: TestStack;

  before(async function () {
    this.timeout(600_000);
    stack = await testStack();
  });

  afterEach(() => stack.control.clearFaults());

  async function protectedInstance(prefix: string) {
    const src = await createMigrationSource(stack.clients, 'us-east-1', prefix, { dns: true });
    const night = await runNightlyDr(stack, src.instanceName);
    return { ...src, drSnapshot: night.copies[0]!.snapshotName };
  }

  /** Every changing call the emulator answered in the primary region since `since`. */
  async function primaryChanges(since: number): Promise<string[]> {
    return (await stack.control.audit({ region: 'us-east-1' }))
      .filter((c) => Date.parse(c.time) >= since && !/^(Get|Is)/.test(c.action))
      .map((c) => c.action);
  }

  /** The workflow's current details, which the Web UI shows on the run's page. */
  const details = async (h: WorkflowHandle) =>
    (await h.query<{ currentDetails?: string }>('__temporal_workflow_metadata')).currentDetails ?? '';

  it('a drill that meets its targets: reports recovery time and point per instance, leaves nothing behind, changes nothing in the primary or DNS', async () => {
    const a = await protectedInstance('drill-ok-a');
    const b = await protectedInstance('drill-ok-b');
    const since = Date.now();
    const handle = await startDrill(stack, {
      primaryRegion: 'us-east-1',
      drRegion: 'eu-west-1',
      instanceNames: [a.instanceName, b.instanceName],
      targets: { maxRecoveryMinutes: 30, maxSnapshotAgeHours: 24 },
    });
    const report: DrDrillReport = await handle.result();
    assert.equal(report.met, true, report.markdown);
    assert.deepEqual(
      report.instances.map((i) => [i.instanceName, i.outcome, i.snapshotName, i.series]),
      [
        [a.instanceName, 'met', a.drSnapshot, `${a.instanceName}-nightly-dr`],
        [b.instanceName, 'met', b.drSnapshot, `${b.instanceName}-nightly-dr`],
      ],
    );
    for (const i of report.instances) {
      assert.ok(
        i.recoveryTimeMinutes! > 0 && i.recoveryTimeMinutes! < 30,
        `recovery time ${i.recoveryTimeMinutes}`,
      );
      assert.ok(
        i.recoveryPointHours! >= 0 && i.recoveryPointHours! < 1,
        `recovery point ${i.recoveryPointHours}`,
      );
    }
    assert.match(
      report.markdown,
      /\| instance \| regions \| snapshot restored \| recovery point \(h\) \| recovery time \(min\) \| outcome/,
    );
    assert.match(
      report.markdown,
      new RegExp(`${a.instanceName} \\| us-east-1 → eu-west-1 \\| ${a.drSnapshot}`),
    );
    // Nothing the drill made is left; nothing in the primary region changed; DNS as it was.
    assert.deepEqual(await instancesOfRun(stack, 'eu-west-1', handle.workflowId), []);
    assert.deepEqual(await primaryChanges(since), []);
    assert.deepEqual(await dnsTargets(stack.clients, a.domainName!), { [`www.${a.domainName}`]: a.address });
    assert.equal((await readInstance(stack.clients, 'us-east-1', a.instanceName))?.state?.name, 'running');
    const progress = await handle.query<RunProgress>(PROGRESS_QUERY);
    assert.ok(
      progress.resources.some(
        (r) => r.type === 'Instance' && r.action === 'deleted' && r.region === 'eu-west-1',
      ),
    );
    const shown = await details(handle);
    assert.match(shown, /drDrill\*\*: succeeded/);
    assert.ok(shown.includes(report.markdown), shown);
  });

  it('a drill that misses a target ends failed with DrillTargetsMissed, the report its first detail, and still deletes what it made', async () => {
    const a = await protectedInstance('drill-miss');
    // A recovery point no snapshot can meet: it is older than a second when the drill starts.
    await new Promise((r) => setTimeout(r, 1_500));
    const handle = await startDrill(stack, {
      primaryRegion: 'us-east-1',
      drRegion: 'eu-west-1',
      instanceNames: [a.instanceName],
      targets: { maxRecoveryMinutes: 30, maxSnapshotAgeHours: 0.0001 },
    });
    const failure = await expectFailure(handle.result());
    assert.equal(failure.type, DRILL_TARGETS_MISSED);
    const report = failure.details?.[0] as DrDrillReport;
    assert.equal(report.met, false);
    assert.equal(report.instances[0]?.outcome, 'missed');
    assert.match(report.instances[0].problems.join(), /recovery point [\d.]+ h > 0.0001 h/);
    assert.match(report.markdown, /✗ missed/);
    assert.deepEqual(await instancesOfRun(stack, 'eu-west-1', handle.workflowId), []);
  });

  it('an instance without DR copies fails the drill with its problem, and the others are still measured', async () => {
    const a = await protectedInstance('drill-part');
    const bare = await createMigrationSource(stack.clients, 'us-east-1', 'drill-bare');
    const handle = await startDrill(stack, {
      primaryRegion: 'us-east-1',
      drRegion: 'eu-west-1',
      instanceNames: [a.instanceName, bare.instanceName],
    });
    const failure = await expectFailure(handle.result());
    assert.equal(failure.type, DRILL_TARGETS_MISSED);
    const report = failure.details?.[0] as DrDrillReport;
    assert.deepEqual(
      report.instances.map((i) => i.outcome),
      ['met', 'failed'],
    );
    assert.match(report.instances[1]!.problems[0]!, /No snapshot of a DR series/);
  });

  it('two drills of the same instance at once: each restores and deletes only its own scratch instance', async () => {
    const a = await protectedInstance('drill-race');
    const input: DrDrillInput = {
      primaryRegion: 'us-east-1',
      drRegion: 'eu-west-1',
      instanceNames: [a.instanceName],
    };
    const [one, two] = await Promise.all([startDrill(stack, input), startDrill(stack, input)]);
    const [r1, r2] = await Promise.all([one.result(), two.result()]);
    assert.equal(r1.met && r2.met, true);
    const created = (
      await stack.control.audit({ action: 'CreateInstancesFromSnapshot', region: 'eu-west-1' })
    )
      .map((c) => (c.params as { instanceNames?: string[] }).instanceNames?.[0] ?? '')
      .filter((n) => n.startsWith(`${a.instanceName}-drill-`));
    assert.equal(new Set(created).size, 2, 'two scratch names');
    const deleted = (await stack.control.audit({ action: 'DeleteInstance', region: 'eu-west-1' }))
      .map((c) => (c.params as { instanceName?: string }).instanceName)
      .filter((n) => n?.startsWith(`${a.instanceName}-drill-`));
    assert.deepEqual([...deleted].sort(), [...new Set(created)].sort());
    assert.deepEqual(await instancesOfRun(stack, 'eu-west-1', one.workflowId), []);
    assert.deepEqual(await instancesOfRun(stack, 'eu-west-1', two.workflowId), []);
  });
});
