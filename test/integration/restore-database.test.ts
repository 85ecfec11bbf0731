import { strict as assert } from 'node:assert';
import { randomBytes, randomUUID } from 'node:crypto';
import { temporal } from '@temporalio/proto';
import { RUN_TAG_KEY } from '../../src/lightsail/ownership';
import { readDatabase, readDatabaseSnapshot } from '../../src/lightsail/databases';
import { PROGRESS_QUERY, type RunProgress } from '../../src/schemas/progress';
import {
  RESTORE_DATABASE_WORKFLOW,
  RESTORED_FROM_TAG_KEY,
  type RestoreDatabaseInput,
} from '../../src/schemas/restore-database';
import type { restoreDatabase } from '../../workflows';
import {
  createDatabase,
  databaseAvailable,
  databaseState,
  masterPassword,
  snapshotDatabase,
} from '../support/database-fixtures';
import { expectFailure } from '../support/failures';
import { TEST_POLL, testStack, type TestStack } from '../support/stack';

const REGION = 'us-east-1';
const QUICK_TCP = { checks: 2, intervalSeconds: 0.05, timeoutSeconds: 2 };

describe('restoreDatabase: a database from a snapshot or a point in time, verified, optionally replacing another', function () {
  this.timeout(120_000);
  let stack: TestStack;

  before(async function () {
    this.timeout(600_000);
    stack = await testStack();
  });

  const start = (input: RestoreDatabaseInput, workflowId = `test-restore-${randomUUID()}`) =>
    stack.client.workflow.start<typeof restoreDatabase>(RESTORE_DATABASE_WORKFLOW, {
      taskQueue: stack.sharedTaskQueue,
      workflowId,
      args: [{ poll: TEST_POLL, verification: QUICK_TCP, ...input }],
    });
  /** Starts two runs of one input at once; one must complete. Answers the winner and the loser's failure. */
  async function race(input: RestoreDatabaseInput) {
    const [a, b] = await Promise.all([start(input), start(input)]);
    const ends = await Promise.allSettled([a.result(), b.result()]);
    assert.equal(
      ends.filter((e) => e.status === 'fulfilled').length,
      1,
      JSON.stringify(ends.map((e) => e.status)),
    );
    const [winner, loser] = ends[0].status === 'fulfilled' ? [a, b] : [b, a];
    return { winner, loser, failure: await expectFailure(loser.result()) };
  }
  const read = (name: string) => readDatabase(stack.clients, REGION, name);
  const tagOf = (db: Awaited<ReturnType<typeof read>>, key: string) =>
    db?.tags?.find((t) => t.key === key)?.value;

  it('restores the newest snapshot of a database to a new database that answers TCP and signs in with the source password', async () => {
    const password = `Src${randomBytes(6).toString('hex')}`;
    const src = await createDatabase(stack.clients, REGION, 'prod', { password });
    await snapshotDatabase(stack.clients, REGION, src.name!, `${src.name}-old`);
    await snapshotDatabase(stack.clients, REGION, src.name!, `${src.name}-new`);
    const handle = await start({
      region: REGION,
      source: { type: 'newest-snapshot', databaseName: src.name! },
    });
    const result = await handle.result();

    assert.deepEqual(result.restoredFrom.type, 'snapshot');
    assert.equal(
      result.restoredFrom.type === 'snapshot' && result.restoredFrom.snapshotName,
      `${src.name}-new`,
    );
    assert.match(result.database.name, new RegExp(`^${src.name}-restored-[0-9a-f]{8}$`));
    assert.equal(result.password, 'kept-from-source');
    assert.equal(result.verification.passed, 2);
    const db = await read(result.database.name);
    assert.equal(db?.state, 'available');
    assert.equal(tagOf(db, RUN_TAG_KEY), handle.workflowId);
    assert.equal(tagOf(db, RESTORED_FROM_TAG_KEY), src.name);
    assert.equal(await masterPassword(stack.clients, REGION, result.database.name), password);
  });

  it('restores a point in time with a password from the worker environment: neither the raw history, the progress nor the emulator audit hold it', async () => {
    const src = await createDatabase(stack.clients, REGION, 'pit');
    // The latest restorable time trails the clock by five (scaled) minutes: half a second here.
    await new Promise((r) => setTimeout(r, 1_000));
    const restoreTime = (await read(src.name!))!.latestRestorableTime!.toISOString();
    const password = `Pw${randomBytes(10).toString('hex')}`;
    const variable = `RESTORE_TEST_PW_${randomBytes(3).toString('hex').toUpperCase()}`;
    // The shared worker runs in this process: its environment is this one.
    process.env[variable] = password;
    try {
      const handle = await start({
        region: REGION,
        source: { type: 'point-in-time', databaseName: src.name!, restoreTime },
        targetName: `${src.name}-at`,
        masterPassword: { fromEnv: variable },
      });
      const result = await handle.result();
      assert.deepEqual(result.restoredFrom, { type: 'point-in-time', databaseName: src.name, restoreTime });
      assert.deepEqual(result.password, { fromEnv: variable });
      assert.equal(await masterPassword(stack.clients, REGION, `${src.name}-at`), password);

      // Fetched without the codec: the bytes the server keeps.
      const { history } = await stack.client.workflowService.getWorkflowExecutionHistory({
        namespace: 'default',
        execution: { workflowId: handle.workflowId },
      });
      const raw = Buffer.from(temporal.api.history.v1.History.encode(history!).finish());
      assert.ok(raw.includes('binary/encrypted'), 'the payloads are encrypted');
      assert.ok(!raw.includes(password), 'the password is nowhere in the raw history');
      // Nor inside the encrypted payloads: it never entered the run at all.
      const payloads = history!.events!.flatMap((e) =>
        [
          e.workflowExecutionStartedEventAttributes?.input,
          e.activityTaskScheduledEventAttributes?.input,
          e.activityTaskCompletedEventAttributes?.result,
          e.workflowExecutionCompletedEventAttributes?.result,
        ].flatMap((p) => p?.payloads ?? []),
      );
      const decoded = await stack.client.options.loadedDataConverter.payloadCodecs[0]!.decode(payloads);
      assert.ok(decoded.length > 5);
      for (const p of decoded)
        assert.ok(!Buffer.from(p.data!).includes(password), 'no decoded payload holds it');

      const progress = await handle.query<RunProgress>(PROGRESS_QUERY);
      assert.ok(!JSON.stringify(progress).includes(password), 'the progress does not hold it');
      assert.match(JSON.stringify(progress), new RegExp(variable), 'the progress names the variable');
      const audit = await stack.control.audit({ action: 'UpdateRelationalDatabase' });
      assert.ok(audit.some((c) => JSON.stringify(c.params).includes(`${src.name}-at`)));
      assert.ok(
        !JSON.stringify(await stack.control.audit()).includes(password),
        'the audit does not hold it',
      );
    } finally {
      delete process.env[variable];
    }
  });

  it('fails naming masterPassword.fromEnv when the worker lacks the variable, and deletes the database it made', async () => {
    const src = await createDatabase(stack.clients, REGION, 'nopw');
    await snapshotDatabase(stack.clients, REGION, src.name!, `${src.name}-snap`);
    const handle = await start({
      region: REGION,
      source: { type: 'snapshot', snapshotName: `${src.name}-snap` },
      targetName: `${src.name}-copy`,
      masterPassword: { fromEnv: 'NO_SUCH_VARIABLE_FOR_RESTORE' },
    });
    const failure = await expectFailure(handle.result());
    assert.equal(failure.type, 'PasswordNotSet');
    assert.match(failure.message, /masterPassword\.fromEnv: .*NO_SUCH_VARIABLE_FOR_RESTORE/);
    assert.ok(
      ['deleting', undefined].includes(await databaseState(stack.clients, REGION, `${src.name}-copy`)),
    );
  });

  it('restores a named snapshot to a bigger bundle; a smaller bundle is refused naming bundleId before anything is made', async () => {
    const src = await createDatabase(stack.clients, REGION, 'bundle', { bundleId: 'small_2_0' });
    await snapshotDatabase(stack.clients, REGION, src.name!, `${src.name}-snap`);
    const source = { type: 'snapshot', snapshotName: `${src.name}-snap` } as const;

    const refused = await start({
      region: REGION,
      source,
      targetName: `${src.name}-tiny`,
      bundleId: 'micro_2_0',
    });
    const failure = await expectFailure(refused.result());
    assert.equal(failure.type, 'DatabaseRestoreRefused');
    assert.match(failure.message, /bundleId: micro_2_0 .* is smaller than the source's small_2_0/);
    assert.equal(await read(`${src.name}-tiny`), undefined);
    const creates = await stack.control.audit({ action: 'CreateRelationalDatabaseFromSnapshot' });
    assert.ok(!creates.some((c) => JSON.stringify(c.params).includes(`${src.name}-tiny`)));

    const handle = await start({
      region: REGION,
      source,
      targetName: `${src.name}-big`,
      bundleId: 'medium_2_0',
    });
    const result = await handle.result();
    assert.equal(result.database.bundleId, 'medium_2_0');
    assert.equal((await read(`${src.name}-big`))?.relationalDatabaseBundleId, 'medium_2_0');
  });

  it('refreshes staging from production: the restore takes the staging name, the old one is kept aside; the next night replaces the restored one without its creation time', async () => {
    const prod = await createDatabase(stack.clients, REGION, 'prod');
    const staging = await createDatabase(stack.clients, REGION, 'staging', {
      tags: [{ key: 'team', value: 'web' }],
    });
    const stagingName = staging.name!;

    // By hand, staging was made by no restore: only its creation time proves it is the one meant.
    const unproven = await start({
      region: REGION,
      source: { type: 'point-in-time', databaseName: prod.name! },
      replace: { databaseName: stagingName, old: 'delete' },
    });
    const refusal = await expectFailure(unproven.result());
    assert.equal(refusal.type, 'DatabaseRestoreRefused');
    assert.match(refusal.message, /replace\.createdAt: required: .* was created /);
    const wrongTime = await start({
      region: REGION,
      source: { type: 'point-in-time', databaseName: prod.name! },
      replace: { databaseName: stagingName, createdAt: '2020-01-01T00:00:00Z', old: 'delete' },
    });
    assert.match((await expectFailure(wrongTime.result())).message, /replace\.createdAt: .* not 2020-01-01/);
    assert.equal((await read(stagingName))?.createdAt?.toISOString(), staging.createdAt?.toISOString());

    const first = await start({
      region: REGION,
      source: { type: 'point-in-time', databaseName: prod.name! },
      replace: { databaseName: stagingName, createdAt: staging.createdAt!.toISOString(), old: 'keep' },
    });
    const night1 = await first.result();
    assert.equal(night1.database.name, stagingName);
    assert.equal(night1.replaced?.old, 'kept');
    const aside = night1.replaced.keptAs!;
    assert.match(aside, new RegExp(`^${stagingName}-previous-[0-9a-f]{8}$`));
    const restored = await read(stagingName);
    assert.notEqual(restored?.createdAt?.toISOString(), staging.createdAt?.toISOString());
    assert.equal(tagOf(restored, RESTORED_FROM_TAG_KEY), prod.name);
    const kept = await read(aside);
    assert.equal(kept?.state, 'available');
    assert.equal(tagOf(kept, 'team'), 'web', 'the kept one keeps its tags');
    // The final snapshot was the run's step, not a leftover.
    const finals = await stack.control.audit({ action: 'DeleteRelationalDatabaseSnapshot' });
    assert.ok(finals.some((c) => JSON.stringify(c.params).includes(`${stagingName}-replaced-`)));

    // The next night: staging is a restore of prod made by a run, so no creation time is needed.
    const second = await start({
      region: REGION,
      source: { type: 'newest-snapshot', databaseName: prod.name! },
      replace: { databaseName: stagingName, old: 'delete' },
    });
    // No snapshot of prod yet: refused, and staging is untouched.
    assert.match(
      (await expectFailure(second.result())).message,
      /source\.databaseName: no available snapshot/,
    );
    await snapshotDatabase(stack.clients, REGION, prod.name!, `${prod.name}-nightly`);
    const third = await start({
      region: REGION,
      source: { type: 'newest-snapshot', databaseName: prod.name! },
      replace: { databaseName: stagingName, old: 'delete' },
    });
    const night2 = await third.result();
    assert.equal(night2.replaced?.old, 'deleted');
    assert.equal(night2.replaced?.createdAt, restored?.createdAt?.toISOString());
    assert.equal(tagOf(await read(stagingName), RUN_TAG_KEY), third.workflowId);
    assert.equal((await read(aside))?.state, 'available', "the first night's kept database is left alone");
  });

  it('a swap that fails after the old database went aside puts it back under its name, with its own tags, from its final snapshot', async () => {
    const prod = await createDatabase(stack.clients, REGION, 'prod-f');
    const staging = await createDatabase(stack.clients, REGION, 'staging-f', {
      tags: [{ key: 'team', value: 'web' }],
    });
    const name = staging.name!;
    // The worker has no such variable: the run fails after the restore, with staging deleted.
    const handle = await start({
      region: REGION,
      source: { type: 'point-in-time', databaseName: prod.name! },
      replace: { databaseName: name, createdAt: staging.createdAt!.toISOString(), old: 'delete' },
      masterPassword: { fromEnv: 'NO_SUCH_VARIABLE_FOR_RESTORE' },
    });
    assert.equal((await expectFailure(handle.result())).type, 'PasswordNotSet');
    const back = await databaseAvailable(stack.clients, REGION, name);
    assert.equal(tagOf(back, 'team'), 'web');
    assert.equal(tagOf(back, RUN_TAG_KEY), undefined, 'it is the user’s again, not the run’s');
    const progress = await handle.query<RunProgress>(PROGRESS_QUERY);
    assert.deepEqual(
      progress.resources.filter((r) => r.name === name).map((r) => r.action),
      ['deleted', 'created', 'deleted', 'restored'],
    );
    const final = progress.resources.find((r) => r.type === 'RelationalDatabaseSnapshot')!;
    assert.ok(await readDatabaseSnapshot(stack.clients, REGION, final.name), 'the final snapshot stays');
  });

  it('two restores racing to one target name: one makes it, the other fails cleanly and deletes nothing of the winner', async () => {
    const src = await createDatabase(stack.clients, REGION, 'race');
    await snapshotDatabase(stack.clients, REGION, src.name!, `${src.name}-snap`);
    const input: RestoreDatabaseInput = {
      region: REGION,
      source: { type: 'snapshot', snapshotName: `${src.name}-snap` },
      targetName: `${src.name}-target`,
    };
    const { winner, loser, failure } = await race(input);
    // Either it found the name locked by the winner, or (started after the winner ended) taken.
    assert.ok(['TargetNameTaken', 'DatabaseRestoreRefused'].includes(failure.type!), failure.message);
    assert.match(failure.message, /targetName: /);
    const db = await read(`${src.name}-target`);
    assert.equal(db?.state, 'available');
    assert.equal(tagOf(db, RUN_TAG_KEY), winner.workflowId);
    // The loser made, tagged and deleted nothing.
    const byLoser = (await stack.control.audit()).filter(
      (c) =>
        !c.error &&
        /^(Create|Delete|Tag|Update)/.test(c.action) &&
        JSON.stringify(c.params).includes(loser.workflowId),
    );
    assert.deepEqual(
      byLoser.map((c) => c.action),
      [],
    );
    const deletes = await stack.control.audit({ action: 'DeleteRelationalDatabase' });
    assert.ok(!deletes.some((c) => JSON.stringify(c.params).includes(`${src.name}-target`)));
  });

  it('two swaps racing for one staging database: one replaces it, the other fails at once and the staging database stands', async () => {
    const prod = await createDatabase(stack.clients, REGION, 'prod-r');
    const staging = await createDatabase(stack.clients, REGION, 'staging-r');
    const input: RestoreDatabaseInput = {
      region: REGION,
      source: { type: 'point-in-time', databaseName: prod.name! },
      replace: { databaseName: staging.name!, createdAt: staging.createdAt!.toISOString(), old: 'delete' },
    };
    const { winner, failure } = await race(input);
    assert.match(failure.message, /replace\.(databaseName|createdAt): /);
    const db = await read(staging.name!);
    assert.equal(db?.state, 'available');
    assert.equal(tagOf(db, RUN_TAG_KEY), winner.workflowId);
  });
});
