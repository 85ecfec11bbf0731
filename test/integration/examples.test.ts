import { strict as assert } from 'node:assert';
import { randomUUID } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { RunDetails } from '../../src/runs/inspect';
import type { ScheduleView } from '../../src/runs/schedules';
import type { BlueGreenDeployResult } from '../../src/schemas/blue-green-deploy';
import type { CopySnapshotResult } from '../../src/schemas/copy-snapshot';
import type { MigrateInstanceResult } from '../../src/schemas/migrate-instance';
import type { RestoreDatabaseResult } from '../../src/schemas/restore-database';
import type { DrDrillReport } from '../../src/schemas/dr-report';
import type { FailoverResult } from '../../src/schemas/failover';
import { EmulatorControl } from '../../src/emulator/control-client';
import { lightsailFlows, spawnCommand, type CliRun } from '../support/cli-process';
import { devStackProcess, ROOT, type DevStackProcess } from '../support/dev-stack-process';
import { waitUntil } from '../support/fixtures';
import { readmeExportsBefore } from '../support/readme-exports';

/**
 * Every file in examples/ runs on a fresh `npm run dev` stack the way the README shows it, and
 * completes. The table is keyed by file name and the folder is listed, so an example added
 * without a way to run it here fails.
 */
const HOW_THE_README_RUNS: Record<string, (stack: DevStackProcess) => Promise<void>> = {
  'copy-snapshot.json': async ({ env }) => {
    const run = await ok(
      lightsailFlows(['start', 'copy-snapshot', '--input', 'examples/copy-snapshot.json', '--wait'], env)
        .done,
    );
    assert.match(run.stderr, /✓ Tag the copy in eu-west-1/);
    const result = JSON.parse(run.stdout) as CopySnapshotResult;
    assert.equal(result.source.name, 'web-1-base');
    assert.equal(result.copies[0]?.region, 'eu-west-1');
  },

  'export-to-ec2.json': async ({ env }) => {
    const run = await ok(
      lightsailFlows(['start', 'export-to-ec2', '--input', 'examples/export-to-ec2.json', '--wait'], env)
        .done,
    );
    assert.match(run.stdout, /"ec2InstanceId": "i-[0-9a-f]+"/);
  },

  // Waits for approval (the example sets `approval`), which the README gives with `approve`, then
  // switches shop-cdn to shop-green and watches health for the example's two minutes.
  'blue-green-deploy.json': async ({ env }) => {
    const release = lightsailFlows(
      ['start', 'blue-green-deploy', '--input', 'examples/blue-green-deploy.json', '--wait'],
      env,
    );
    const runId = await waitUntil(
      'the release to start',
      () => Promise.resolve(/as run (\S+)/.exec(release.output().stderr)?.[1]),
      60_000,
    );
    await waitUntil(
      'the release to wait for approval',
      async () => {
        const ended = release.output();
        if (ended.code !== null) assert.fail(`the release ended before approval:\n${ended.stderr}`);
        const status = await ok(lightsailFlows(['status', runId, '--json'], env).done);
        const details = JSON.parse(status.stdout) as RunDetails;
        return details.progress?.steps.find((s) => s.id === 'approval')?.state === 'running' || undefined;
      },
      60_000,
      1000,
    );
    await ok(lightsailFlows(['approve', runId, '--by', 'examples-test'], env).done);
    const run = await ok(release.done);
    const result = JSON.parse(run.stdout) as BlueGreenDeployResult;
    assert.equal(result.serving, 'shop-green');
    assert.equal(result.previous?.service, 'shop-blue');
  },

  // Moves the seeded blog-1 to a bigger bundle; once it keeps the old one, its static IP answers
  // from the new instance, and finish-now (as the README shows) ends the keep period.
  'migrate-instance.json': async ({ env, emulatorUrl }) => {
    const migration = lightsailFlows(
      ['start', 'migrate-instance', '--input', 'examples/migrate-instance.json', '--wait'],
      env,
    );
    const runId = await waitUntil(
      'the migration to start',
      () => Promise.resolve(/as run (\S+)/.exec(migration.output().stderr)?.[1]),
      60_000,
    );
    await waitUntil(
      'the migration to keep the old instance',
      async () => {
        const ended = migration.output();
        if (ended.code !== null) assert.fail(`the migration ended early:\n${ended.stderr}`);
        const status = await ok(lightsailFlows(['status', runId, '--json'], env).done);
        const details = JSON.parse(status.stdout) as RunDetails;
        return details.progress?.steps.find((s) => s.id === 'keep')?.state === 'running' || undefined;
      },
      120_000,
      1000,
    );
    const control = new EmulatorControl(emulatorUrl);
    const ip = (await control.state())['us-east-1']!.staticIps['blog-1-ip']!.ipAddress;
    const listener = await control.reach({ address: ip, port: 80 });
    const answer = await fetch(`http://${listener.host}:${listener.port}/`);
    assert.match(answer.headers.get('x-lightsail-instance') ?? '', /^blog-1-migrated-[0-9a-f]{8}$/);
    await ok(lightsailFlows(['finish-now', runId, '--by', 'examples-test'], env).done);
    const run = await ok(migration.done);
    const result = JSON.parse(run.stdout) as MigrateInstanceResult;
    assert.equal(result.staticIp?.address, ip);
    assert.equal(result.new.bundleId, 'medium_3_0');
  },

  // One night of the DR runbook, then the drill as the README shows it: once, then monthly, and
  // `dr status` with what the README exports before it.
  'dr-drill.json': async ({ env, emulatorUrl }) => {
    await ok(
      lightsailFlows(['start', 'copy-snapshot', '--input', 'examples/nightly-dr.json', '--wait'], env).done,
    );
    const run = await ok(
      lightsailFlows(['start', 'dr-drill', '--input', 'examples/dr-drill.json', '--wait'], env).done,
    );
    const report = JSON.parse(run.stdout) as DrDrillReport;
    assert.equal(report.met, true, report.markdown);
    assert.equal(report.instances[0]?.instanceName, 'web-1');
    const runId = /as run (\S+)/.exec(run.stderr)?.[1];
    const table = await ok(lightsailFlows(['status', runId!, '--report'], env).done);
    assert.match(table.stdout, /\| web-1 \| us-east-1 → eu-west-1 \|/);
    await ok(
      lightsailFlows(
        [
          'schedule',
          'create',
          'monthly-dr-drill',
          'dr-drill',
          '--cron',
          '0 3 1 * *',
          '--input',
          'examples/dr-drill.json',
        ],
        env,
      ).done,
    );
    try {
      const list = await ok(lightsailFlows(['schedule', 'list', '--json'], env).done);
      const monthly = (JSON.parse(list.stdout) as ScheduleView[]).find(
        (s) => s.scheduleId === 'monthly-dr-drill',
      );
      assert.match(monthly?.nextRunAt ?? '', /-01T03:00:00(\.000)?Z$/);
    } finally {
      await ok(lightsailFlows(['schedule', 'delete', 'monthly-dr-drill'], env).done);
    }
    const posture = await ok(
      lightsailFlows(['dr', 'status'], { ...env, ...readmeExportsBefore('dr status', emulatorUrl) }).done,
    );
    assert.match(posture.stdout, /web-1/);
  },

  // Fails web-1 over to eu-west-1 from its DR copy, approved as the README shows.
  'failover.json': async ({ env }) => {
    await ok(
      lightsailFlows(['start', 'copy-snapshot', '--input', 'examples/nightly-dr.json', '--wait'], env).done,
    );
    const failover = lightsailFlows(
      ['start', 'failover', '--input', 'examples/failover.json', '--wait'],
      env,
    );
    const runId = await waitUntil(
      'the failover to start',
      () => Promise.resolve(/as run (\S+)/.exec(failover.output().stderr)?.[1]),
      60_000,
    );
    await waitUntil(
      'the failover to wait for approval',
      async () => {
        const ended = failover.output();
        if (ended.code !== null) assert.fail(`the failover ended before approval:\n${ended.stderr}`);
        const status = await ok(lightsailFlows(['status', runId, '--json'], env).done);
        const details = JSON.parse(status.stdout) as RunDetails;
        return details.progress?.steps.find((s) => s.id === 'approval')?.state === 'running' || undefined;
      },
      120_000,
      1000,
    );
    await ok(lightsailFlows(['approve', runId, '--by', 'examples-test'], env).done);
    const result = JSON.parse((await ok(failover.done)).stdout) as FailoverResult;
    assert.equal(result.instances[0]?.outcome, 'failed-over');
    assert.equal(result.instances[0]?.newInstance?.region, 'eu-west-1');
  },

  // The README's runbook section: validate, plan and run the fleet patching on the seeded
  // app=blog instances. The folder's other runbooks run in user-runbooks.test.ts.
  runbooks: async ({ env, emulatorUrl }) => {
    const file = 'examples/runbooks/patch-fleet.yaml';
    const tags = ['--set', 'tagKey=app', '--set', 'tagValue=blog'];
    const valid = await ok(lightsailFlows(['runbook', 'validate', file], env).done);
    assert.match(valid.stdout, /runbook patch-fleet is valid/);
    // The README exports LIGHTSAIL_ENDPOINT for the plan, which reads the dev stack's emulator.
    const exported = readmeExportsBefore(`runbook plan ${file} ${tags.join(' ')}`, emulatorUrl);
    const plan = await ok(lightsailFlows(['runbook', 'plan', file, ...tags], { ...env, ...exported }).done);
    assert.match(plan.stdout, /patch\[web-1\]\.reboot: RebootInstance in us-east-1/);
    // blog-1, or the instance the migration example moved it to (it carries blog-1's tags over).
    const blog = /patch\[(blog-1[\w-]*)\]\.snapshot: CreateInstanceSnapshot/.exec(plan.stdout)?.[1];
    assert.ok(blog, `the plan patches the blog instance:\n${plan.stdout}`);
    const run = await ok(lightsailFlows(['start', 'runbook', '--file', file, ...tags, '--wait'], env).done);
    const result = JSON.parse(run.stdout) as { outputs: { patched: string[] } };
    assert.deepEqual([...result.outputs.patched].sort(), [blog, 'web-1']);
  },

  'nightly-dr.json': async ({ env }) => {
    // First exactly as the README shows it: the schedule's next run is at 02:00 UTC.
    await ok(
      lightsailFlows(
        [
          'schedule',
          'create',
          'nightly-dr',
          'copy-snapshot',
          '--cron',
          '0 2 * * *',
          '--input',
          'examples/nightly-dr.json',
        ],
        env,
      ).done,
    );
    try {
      const list = await ok(lightsailFlows(['schedule', 'list', '--json'], env).done);
      const readme = (JSON.parse(list.stdout) as ScheduleView[]).find((s) => s.scheduleId === 'nightly-dr');
      assert.equal(readme?.cron, '0 2 * * *');
      assert.match(readme?.nextRunAt ?? '', /T02:00:00(\.000)?Z$/);
    } finally {
      await ok(lightsailFlows(['schedule', 'delete', 'nightly-dr'], env).done);
    }
    // Then what its runs do, on a schedule of every minute so that the test sees one.
    await ok(
      lightsailFlows(
        [
          'schedule',
          'create',
          'nightly-dr-every-minute',
          'copy-snapshot',
          '--every',
          '1m',
          '--input',
          'examples/nightly-dr.json',
        ],
        env,
      ).done,
    );
    try {
      const runId = await waitUntil(
        'the schedule to start a run',
        async () => {
          const list = await ok(lightsailFlows(['schedule', 'list', '--json'], env).done);
          const schedules = JSON.parse(list.stdout) as ScheduleView[];
          return schedules.find((s) => s.scheduleId === 'nightly-dr-every-minute')?.recentRuns[0]?.runId;
        },
        90_000,
        2000,
      );
      const run = await ok(lightsailFlows(['watch', runId], env).done);
      assert.match(run.stderr, /Keep the newest 7 of series web-1-nightly-dr/);
    } finally {
      await ok(lightsailFlows(['schedule', 'delete', 'nightly-dr-every-minute'], env).done);
    }
  },

  // Restores the newest snapshot of the seeded orders-db to a new database, checked over TCP.
  'restore-database.json': async ({ env }) => {
    const run = await ok(
      lightsailFlows(
        ['start', 'restore-database', '--input', 'examples/restore-database.json', '--wait'],
        env,
      ).done,
    );
    const result = JSON.parse(run.stdout) as RestoreDatabaseResult;
    assert.deepEqual(
      result.restoredFrom.type === 'snapshot' && result.restoredFrom.snapshotName,
      'orders-db-base',
    );
    assert.match(result.database.name, /^orders-db-restored-[0-9a-f]{8}$/);
    assert.equal(result.verification.passed, 3);
  },

  // The nightly refresh as the README shows it: a schedule at 03:00 UTC, and one run now that
  // replaces the seeded orders-db-staging (an earlier night's restore, by its tags).
  'nightly-staging-refresh.json': async ({ env }) => {
    await ok(
      lightsailFlows(
        [
          'schedule',
          'create',
          'staging-refresh',
          'restore-database',
          '--cron',
          '0 3 * * *',
          '--input',
          'examples/nightly-staging-refresh.json',
        ],
        env,
      ).done,
    );
    try {
      const list = await ok(lightsailFlows(['schedule', 'list', '--json'], env).done);
      const schedule = (JSON.parse(list.stdout) as ScheduleView[]).find(
        (s) => s.scheduleId === 'staging-refresh',
      );
      assert.match(schedule?.nextRunAt ?? '', /T03:00:00(\.000)?Z$/);
    } finally {
      await ok(lightsailFlows(['schedule', 'delete', 'staging-refresh'], env).done);
    }
    const run = await ok(
      lightsailFlows(
        ['start', 'restore-database', '--input', 'examples/nightly-staging-refresh.json', '--wait'],
        env,
      ).done,
    );
    const result = JSON.parse(run.stdout) as RestoreDatabaseResult;
    assert.equal(result.database.name, 'orders-db-staging');
    assert.equal(result.replaced?.old, 'deleted');
    assert.equal(result.restoredFrom.type, 'point-in-time');
  },

  // The API with the example's triggers, sent what SNS sends for an alarm on the seeded web-1.
  'triggers.json': async ({ env }) => {
    const port = 20_000 + Math.floor(Math.random() * 20_000);
    const api = lightsailFlows(['api', '--local-only', '--port', String(port)], {
      ...env,
      LIGHTSAIL_FLOWS_TRIGGERS: 'examples/triggers.json',
    });
    try {
      const url = `http://127.0.0.1:${port}`;
      await waitUntil(
        'the API to listen',
        () =>
          fetch(`${url}/healthz`).then(
            (r) => r.ok || undefined,
            () => undefined,
          ),
        60_000,
      );
      const messageId = randomUUID();
      const res = await fetch(`${url}/webhooks/alarm-dr-copy?secret=replace-with-a-long-random-secret`, {
        method: 'POST',
        headers: { 'content-type': 'text/plain; charset=UTF-8' },
        body: JSON.stringify(snsAlarm(messageId, 'web-1')),
      });
      assert.equal(res.status, 202, await res.clone().text());
      const { runId } = (await res.json()) as { runId: string };
      const run = await ok(lightsailFlows(['watch', runId], env).done);
      const result = JSON.parse(run.stdout) as CopySnapshotResult;
      assert.equal(result.source.name, 'web-1');
    } finally {
      api.child.kill('SIGINT');
      await api.done;
    }
  },

  'emulator-client.mjs': async ({ emulatorUrl, env }) => {
    const run = await ok(
      spawnCommand(process.execPath, ['examples/emulator-client.mjs'], {
        ...env,
        LIGHTSAIL_ENDPOINT: emulatorUrl,
      }).done,
    );
    assert.match(run.stdout, /instance web-1: running/);
    assert.match(run.stdout, /snapshot web-1-base: available/);
  },
};

/** A command's output once it exited 0; its output in the failure otherwise. */
async function ok(done: Promise<CliRun>): Promise<CliRun> {
  const run = await done;
  assert.equal(run.code, 0, `exit ${run.code}\n${run.stderr}\n${run.stdout}`);
  return run;
}

/** What SNS posts for a CloudWatch alarm on a Lightsail instance. */
function snsAlarm(messageId: string, instanceName: string) {
  return {
    Type: 'Notification',
    MessageId: messageId,
    TopicArn: 'arn:aws:sns:us-east-1:123456789012:lightsail-alarms',
    Subject: `ALARM: "${instanceName}-cpu" in US East (N. Virginia)`,
    Message: JSON.stringify({
      AlarmName: `${instanceName}-cpu`,
      NewStateValue: 'ALARM',
      AlarmArn: `arn:aws:cloudwatch:us-east-1:123456789012:alarm:${instanceName}-cpu`,
      Trigger: { MetricName: 'CPUUtilization', Dimensions: [{ name: 'InstanceName', value: instanceName }] },
    }),
    Timestamp: new Date().toISOString(),
  };
}

describe('every example, run as the README shows it on a fresh npm run dev stack', function () {
  this.timeout(300_000);
  let stack: DevStackProcess;

  before(async function () {
    this.timeout(600_000);
    stack = await devStackProcess();
  });

  for (const file of readdirSync(join(ROOT, 'examples')).sort()) {
    it(`examples/${file} completes`, async () => {
      const run = HOW_THE_README_RUNS[file];
      assert.ok(run, `no test runs examples/${file}: add how the README runs it to HOW_THE_README_RUNS`);
      await run(stack);
    });
  }
});
