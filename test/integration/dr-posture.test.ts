import { strict as assert } from 'node:assert';
import type { FastifyInstance } from 'fastify';
import { buildApi } from '../../src/api/server';
import type { DrPosture } from '../../src/dr/posture';
import { LightsailClients } from '../../src/lightsail/clients';
import { createMigrationSource } from '../support/migration-fixtures';
import { runNightlyDr, startDrill } from '../support/dr-fixtures';
import { waitUntil } from '../support/fixtures';
import { freePort } from '../support/free-port';
import { runCli } from '../support/run-cli';
import { stackCliEnv, testStack, type TestStack } from '../support/stack';

const READ = 'posture-read-token';

describe('the DR posture view (dr status, GET /dr) after a night of the DR runbook and a drill', function () {
  this.timeout(240_000);
  let stack: TestStack;
  let cliEnv: NodeJS.ProcessEnv;
  let app: FastifyInstance;

  before(async function () {
    this.timeout(600_000);
    stack = await testStack();
    cliEnv = stackCliEnv(stack);
    app = buildApi({
      client: stack.client,
      taskQueue: stack.sharedTaskQueue,
      tokens: { write: [], read: [READ] },
      triggers: { rules: [] } as never,
      lightsail: stack.clients,
    });
  });
  after(() => app.close());

  const drStatus = (...flags: string[]) =>
    runCli(['dr', 'status', '--regions', 'us-east-1,eu-west-1', '--json', ...flags], cliEnv);

  it('a drilled instance meets its targets; one only copied is flagged as never drilled, and the exit code says so', async () => {
    const drilled = await createMigrationSource(stack.clients, 'us-east-1', 'posture-ok');
    const copied = await createMigrationSource(stack.clients, 'us-east-1', 'posture-undrilled');
    const night = await runNightlyDr(stack, drilled.instanceName);
    await runNightlyDr(stack, copied.instanceName);
    const drill = await startDrill(stack, {
      primaryRegion: 'us-east-1',
      drRegion: 'eu-west-1',
      instanceNames: [drilled.instanceName],
    });
    const report = await drill.result();
    // The run list is eventually consistent: wait until it shows the closed drill.
    await waitUntil(
      'the drill in the run list',
      async () => {
        for await (const r of stack.client.workflow.list({
          query: `WorkflowId = '${drill.workflowId}' AND ExecutionStatus != 'Running'`,
        })) {
          if (r.workflowId) return true;
        }
        return undefined;
      },
      30_000,
      200,
    );

    const run = await drStatus();
    assert.equal(run.code, 1, run.stderr);
    assert.match(run.stderr, /miss a DR target/);
    const posture = JSON.parse(run.stdout) as DrPosture;
    const ok = posture.entries.find((e) => e.instanceName === drilled.instanceName)!;
    assert.deepEqual(ok.problems, []);
    assert.equal(ok.ok, true);
    assert.deepEqual(
      ok.copies.map((c) => [c.region, c.snapshotName, c.series]),
      [
        ['eu-west-1', night.copies[0]!.snapshotName, `${drilled.instanceName}-nightly-dr`],
        ['us-east-1', night.source.name, `${drilled.instanceName}-nightly-dr`],
      ],
    );
    assert.ok(ok.copies.every((c) => c.ageHours >= 0 && c.ageHours < 1));
    assert.equal(ok.lastDrill?.runId, drill.workflowId);
    assert.equal(ok.lastDrill?.recoveryTimeMinutes, report.instances[0]!.recoveryTimeMinutes);
    assert.equal(ok.lastDrill?.recoveryPointHours, report.instances[0]!.recoveryPointHours);
    assert.equal(ok.lastDrill?.outcome, 'met');
    const flagged = posture.entries.find((e) => e.instanceName === copied.instanceName)!;
    assert.equal(flagged.ok, false);
    assert.deepEqual(flagged.problems, ['never drilled: run dr-drill']);

    // The same from the API, with a target the drill missed flagged there too.
    const res = await app.inject({
      method: 'GET',
      url: '/dr?maxRecoveryMinutes=0.00001',
      headers: { authorization: `Bearer ${READ}` },
    });
    assert.equal(res.statusCode, 200, res.body);
    const viaApi = res.json<DrPosture>();
    const strict = viaApi.entries.find((e) => e.instanceName === drilled.instanceName)!;
    assert.equal(strict.ok, false);
    assert.match(strict.problems.join(), /recovery time [\d.]+ min \(target 0.00001 min\)/);
    const bad = await app.inject({
      method: 'GET',
      url: '/dr?maxCopyAgeHours=-1',
      headers: { authorization: `Bearer ${READ}` },
    });
    assert.equal(bad.statusCode, 400, bad.body);
    assert.match(bad.body, /maxCopyAgeHours/);

    // status --report prints the drill's table.
    const shown = await runCli(['status', drill.workflowId, '--report'], cliEnv);
    assert.equal(shown.code, 0, shown.stderr);
    assert.equal(shown.stdout.trim(), report.markdown);
  });

  // Found following the README: without LIGHTSAIL_ENDPOINT, `dr status` read AWS, found no
  // credentials and printed the SDK's stack; GET /dr answered a bare 500.
  it('when Lightsail cannot be read: one message naming the region and what to check, exit 1, API 502, no stack', async () => {
    const closed = `http://127.0.0.1:${await freePort()}`;
    const run = await runCli(['dr', 'status', '--regions', 'us-east-1'], {
      ...cliEnv,
      LIGHTSAIL_ENDPOINT: closed,
    });
    assert.equal(run.code, 1, run.stderr);
    assert.match(run.stderr, /^Could not read Lightsail in us-east-1: .+/m);
    assert.ok(
      run.stderr.includes(`Check that Lightsail answers at LIGHTSAIL_ENDPOINT (${closed}).`),
      run.stderr,
    );
    assert.doesNotMatch(run.stderr, /^\s+at /m, 'no stack trace');

    const unreachable = buildApi({
      client: stack.client,
      taskQueue: stack.sharedTaskQueue,
      tokens: { write: [], read: [READ] },
      triggers: { rules: [] } as never,
      // Static keys, as the worker's config gives any endpoint: no credential chain to wait for.
      lightsail: new LightsailClients({
        endpoint: closed,
        credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'example' },
        sdkMaxAttempts: 1,
      }),
    });
    try {
      const res = await unreachable.inject({
        method: 'GET',
        url: '/dr',
        headers: { authorization: `Bearer ${READ}` },
      });
      assert.equal(res.statusCode, 502, res.body);
      const { error } = res.json<{ error: { code: string; message: string } }>();
      assert.equal(error.code, 'LightsailUnavailable');
      assert.match(error.message, /^Could not read Lightsail in [a-z]+-[a-z]+-\d: /);
    } finally {
      await unreachable.close();
    }
  });

  it('dr status refuses a bad target with exit 2, naming it', async () => {
    const run = await drStatus('--max-copy-age-hours', 'soon');
    assert.equal(run.code, 2, run.stdout);
    assert.match(run.stderr, /maxCopyAgeHours/);
  });
});
