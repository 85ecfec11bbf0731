import { strict as assert } from 'node:assert';
import { randomUUID } from 'node:crypto';
import { readDatabase } from '../../src/lightsail/databases';
import { RUN_TAG_KEY } from '../../src/lightsail/ownership';
import { PROGRESS_QUERY, type RunProgress } from '../../src/schemas/progress';
import { RESTORE_DATABASE_WORKFLOW, type RestoreDatabaseInput } from '../../src/schemas/restore-database';
import type { restoreDatabase } from '../../workflows';
import { createDatabase, snapshotDatabase } from '../support/database-fixtures';
import { waitUntil } from '../support/fixtures';
import { runCli } from '../support/run-cli';
import { TEST_POLL, stackCliEnv, testStack, type TestStack } from '../support/stack';
import { workerProcesses } from '../support/worker-process';

const REGION = 'us-east-1';

describe('restoreDatabase: the plan from the CLI, and a worker killed mid-restore', function () {
  this.timeout(240_000);
  let stack: TestStack;
  let cliEnv: NodeJS.ProcessEnv;

  before(async function () {
    this.timeout(600_000);
    stack = await testStack();
    cliEnv = stackCliEnv(stack);
  });

  afterEach(() => stack.control.clearFaults());

  it('plan restore-database reads only: a smaller bundle fails naming bundleId (exit 1), a good input lists the steps (exit 0)', async () => {
    const src = await createDatabase(stack.clients, REGION, 'plan', { bundleId: 'small_2_0' });
    await snapshotDatabase(stack.clients, REGION, src.name!, `${src.name}-snap`);
    const args = [
      'plan',
      'restore-database',
      '--set',
      `region=${REGION}`,
      '--set',
      'source.type=newest-snapshot',
      '--set',
      `source.databaseName=${src.name}`,
    ];
    const since = Date.now();
    const refused = await runCli([...args, '--set', 'bundleId=micro_2_0'], cliEnv);
    assert.equal(refused.code, 1, refused.stderr);
    assert.match(refused.stdout, /✗ bundleId: micro_2_0 .* is smaller than the source's small_2_0/);

    const planned = await runCli([...args, '--set', `targetName=${src.name}-copy`], cliEnv);
    assert.equal(planned.code, 0, planned.stderr + planned.stdout);
    assert.match(planned.stdout, new RegExp(`snapshot ${src.name}-snap`));
    assert.match(planned.stdout, /Verify .*-copy: its endpoint accepts TCP connections, 3 time\(s\)/);
    const changed = (await stack.control.audit()).filter(
      (c) => Date.parse(c.time) >= since && !/^Get/.test(c.action),
    );
    assert.deepEqual(
      changed.map((c) => c.action),
      [],
      'the plan changed nothing',
    );

    const bad = await runCli(
      ['start', 'restore-database', ...args.slice(2), '--set', 'source.type=backup'],
      cliEnv,
    );
    assert.equal(bad.code, 2, bad.stdout);
    assert.match(bad.stderr, /source\.type: must have "type": "newest-snapshot"/);
  });

  it('a worker SIGKILLed while it creates the database: after a restart the run adopts its own database and replaces staging once', async () => {
    const prod = await createDatabase(stack.clients, REGION, 'kill-prod');
    const staging = await createDatabase(stack.clients, REGION, 'kill-staging');
    const workers = workerProcesses(cliEnv, 'restore-kill');
    const { taskQueue } = workers;
    // The create answers 6 s late and takes effect: the worker dies before it hears the answer.
    await stack.control.setFaults([
      { actions: ['CreateRelationalDatabaseFromSnapshot'], latencyMs: 6_000, count: 1, probability: 0 },
    ]);
    const first = await workers.start();
    const input: RestoreDatabaseInput = {
      region: REGION,
      source: { type: 'point-in-time', databaseName: prod.name! },
      replace: { databaseName: staging.name!, createdAt: staging.createdAt!.toISOString(), old: 'delete' },
      verification: { checks: 2, intervalSeconds: 0.05, timeoutSeconds: 2 },
      poll: TEST_POLL,
    };
    const handle = await stack.client.workflow.start<typeof restoreDatabase>(RESTORE_DATABASE_WORKFLOW, {
      taskQueue,
      workflowId: `test-restore-kill-${randomUUID()}`,
      args: [input],
    });
    await waitUntil(
      'the restore step to run',
      async () => {
        const progress = await handle.query<RunProgress>(PROGRESS_QUERY);
        return progress.steps.find((s) => s.id === 'restore')?.state === 'running' || undefined;
      },
      60_000,
      100,
    );
    await new Promise((r) => setTimeout(r, 1_000));
    const second = await workers.replace(first);
    try {
      const result = await handle.result();
      assert.equal(result.database.name, staging.name);
      assert.equal(result.replaced?.old, 'deleted');
      const db = await readDatabase(stack.clients, REGION, staging.name!);
      assert.equal(db?.state, 'available');
      assert.equal(db?.tags?.find((t) => t.key === RUN_TAG_KEY)?.value, handle.workflowId);
      // The first create took effect; the retry found the name taken by the run's own database.
      const creates = (await stack.control.audit({ action: 'CreateRelationalDatabaseFromSnapshot' })).filter(
        (c) => (c.params as { relationalDatabaseName?: string }).relationalDatabaseName === staging.name,
      );
      assert.deepEqual(
        creates.map((c) => c.status),
        [200, 400],
      );
      const progress = await handle.query<RunProgress>(PROGRESS_QUERY);
      assert.ok(
        progress.resources.some((r) => r.name === staging.name && r.action === 'adopted'),
        JSON.stringify(progress.resources),
      );
    } finally {
      second.child.kill('SIGTERM');
      await second.done;
    }
  });
});
