import { strict as assert } from 'node:assert';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetInstanceSnapshotsCommand } from '@aws-sdk/client-lightsail';
import { runDuration } from '../../src/cli/duration';
import { PROCEDURES } from '../../src/procedures';
import type { RunDetails } from '../../src/runs/inspect';
import type { CopySnapshotResult } from '../../src/schemas/copy-snapshot';
import { createInstanceSnapshot, uniqueName, waitUntil } from '../support/fixtures';
import { freePort } from '../support/free-port';
import { runCli } from '../support/run-cli';
import { TEST_POLL, TEST_TIME_SCALE, testStack, type TestStack } from '../support/stack';

/** The real command as a child process, as a user's shell would run it. */
const cli = runCli;

describe('the lightsail-flows CLI, as a child process', function () {
  this.timeout(120_000);
  let stack: TestStack;
  let dir: string;
  let env: NodeJS.ProcessEnv;

  before(async function () {
    this.timeout(600_000);
    stack = await testStack();
    dir = mkdtempSync(join(tmpdir(), 'cli-test-'));
    env = {
      TEMPORAL_ADDRESS: stack.env.address,
      TEMPORAL_NAMESPACE: 'default',
      LIGHTSAIL_FLOWS_TASK_QUEUE: stack.sharedTaskQueue,
      LIGHTSAIL_FLOWS_CODEC_KEYS: stack.codecKeys,
    };
  });

  function inputFile(input: unknown): string {
    const path = join(dir, `${uniqueName('input')}.json`);
    writeFileSync(path, JSON.stringify(input));
    return path;
  }

  it('starts a copy, prints each step as it ends, and prints the result when run with --wait', async () => {
    const { snapshotName } = await createInstanceSnapshot(stack.clients, 'us-east-1', 'cli');
    const input = inputFile({
      sourceRegion: 'us-east-1',
      targetRegions: ['eu-west-1'],
      source: { type: 'manual', snapshotName },
      poll: TEST_POLL,
    });
    const run = await cli(['start', 'copy-snapshot', '--input', input, '--wait'], env);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stderr, /Started copy-snapshot as run copy-snapshot-/);
    for (const step of [
      'Check source in us-east-1',
      'Copy to eu-west-1',
      'Wait for the copy in eu-west-1',
      'Tag the copy in eu-west-1',
    ]) {
      assert.match(run.stderr, new RegExp(`✓ ${step} \\(\\d+\\.\\d s\\)`));
    }
    const result = JSON.parse(run.stdout) as CopySnapshotResult;
    assert.equal(result.copies[0]?.region, 'eu-west-1');
  });

  it('exits 1 with the failure message when the run fails', async () => {
    const missing = uniqueName('missing');
    const input = inputFile({
      sourceRegion: 'us-east-1',
      targetRegions: 'eu-west-1',
      source: { type: 'manual', snapshotName: missing },
      poll: TEST_POLL,
    });
    const run = await cli(['start', 'copy-snapshot', '--input', input, '--wait'], env);
    assert.equal(run.code, 1);
    assert.match(
      run.stderr,
      new RegExp(`failed: SourceNotFound: Source snapshot "${missing}" was not found in us-east-1`),
    );
  });

  it('refuses a bad input with exit code 2, naming the field and the rule, and showing an example', async () => {
    const input = inputFile({
      sourceRegion: 'us-east-1',
      targetRegions: ['atlantis-1'],
      source: { type: 'manual' },
    });
    const run = await cli(['start', 'copy-snapshot', '--input', input, '--wait'], env);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /targetRegions\[0\]: must be a Lightsail region/);
    assert.match(run.stderr, /source\.snapshotName: /);
    assert.match(run.stderr, /Example input:/);
    assert.doesNotMatch(run.stderr, /Started/);
  });

  it('does not start a second run for a repeated --id', async () => {
    const { snapshotName } = await createInstanceSnapshot(stack.clients, 'us-east-1', 'cli-id');
    const input = inputFile({
      sourceRegion: 'us-east-1',
      targetRegions: 'eu-west-1',
      source: { type: 'manual', snapshotName },
      targetSnapshotName: `${snapshotName}-once`,
      poll: TEST_POLL,
    });
    const id = uniqueName('nightly');
    const first = await cli(['start', 'copy-snapshot', '--input', input, '--id', id, '--wait'], env);
    assert.equal(first.code, 0, first.stderr);
    const second = await cli(['start', 'copy-snapshot', '--input', input, '--id', id], env);
    assert.equal(second.code, 0, second.stderr);
    assert.match(second.stderr, new RegExp(`A run with id ${id} already exists; not starting another`));
    const copies = (await stack.control.audit({ action: 'CopySnapshot' })).filter((c) =>
      JSON.stringify(c.params).includes(`${snapshotName}-once`),
    );
    assert.equal(copies.length, 1);
  });

  it('names the variable when the configuration is bad, with exit code 2', async () => {
    const input = inputFile({
      sourceRegion: 'us-east-1',
      targetRegions: 'eu-west-1',
      source: { type: 'manual', snapshotName: 'x1' },
    });
    const run = await cli(['start', 'copy-snapshot', '--input', input], {
      ...env,
      TEMPORAL_ADDRESS: 'nonsense',
    });
    assert.equal(run.code, 2);
    assert.match(run.stderr, /TEMPORAL_ADDRESS: must be host:port/);
  });
  /** A fresh manual snapshot in us-east-1 and an input copying it to eu-west-1. */
  async function copyInput(label: string, extra: Record<string, unknown> = {}) {
    const { snapshotName } = await createInstanceSnapshot(stack.clients, 'us-east-1', label);
    return {
      snapshotName,
      input: {
        sourceRegion: 'us-east-1',
        targetRegions: ['eu-west-1'],
        source: { type: 'manual', snapshotName },
        poll: TEST_POLL,
        ...extra,
      },
    };
  }

  it('starts from --set flags alone, then watch follows the run to completion in plain lines and prints the result', async () => {
    const { snapshotName } = await copyInput('cli-set');
    const id = uniqueName('cli-watch');
    const started = await cli(
      [
        'start',
        'copy-snapshot',
        '--id',
        id,
        '--set',
        'sourceRegion=us-east-1',
        '--set',
        'targetRegions=["eu-west-1"]',
        '--set',
        'source.type=manual',
        '--set',
        `source.snapshotName=${snapshotName}`,
        '--set',
        `poll=${JSON.stringify(TEST_POLL)}`,
      ],
      env,
    );
    assert.equal(started.code, 0, started.stderr);
    assert.equal(started.stdout.trim(), id);
    const watched = await cli(['watch', id], env);
    assert.equal(watched.code, 0, watched.stderr);
    assert.match(watched.stderr, /✓ Copy to eu-west-1 \(\d+\.\d s\)/);
    assert.match(watched.stderr, new RegExp(`Run ${id} completed in`));
    const result = JSON.parse(watched.stdout) as CopySnapshotResult;
    assert.equal(result.copies[0]?.region, 'eu-west-1');
  });

  it('status shows a finished run with its steps and result, --json as data, and list names it with its state', async () => {
    const { input } = await copyInput('cli-status');
    const id = uniqueName('cli-status');
    const run = await cli(['start', 'copy-snapshot', '--input', inputFile(input), '--id', id, '--wait'], env);
    assert.equal(run.code, 0, run.stderr);
    const status = await cli(['status', id], env);
    assert.equal(status.code, 0, status.stderr);
    assert.match(status.stdout, new RegExp(`Run ${id} \\(copy-snapshot\\): completed`));
    assert.match(status.stdout, /✓ Tag the copy in eu-west-1 \(\d+\.\d s\)/);
    assert.match(status.stdout, /Result:/);
    const json = JSON.parse((await cli(['status', id, '--json'], env)).stdout) as {
      status: string;
      result: CopySnapshotResult;
    };
    assert.equal(json.status, 'completed');
    assert.equal(json.result.copies.length, 1);
    const list = await cli(['list', '--procedure', 'copy-snapshot', '--limit', '50'], env);
    assert.equal(list.code, 0, list.stderr);
    assert.match(list.stdout, /^RUN\s+PROCEDURE\s+STATUS\s+STARTED\s+DURATION/);
    assert.match(list.stdout, new RegExp(`${id}\\s+copy-snapshot\\s+completed`));
  });

  it('answers a missing run with exit 1 naming it, and a gate a run does not have with exit 1', async () => {
    const missing = await cli(['status', 'no-such-run'], env);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /No run with id no-such-run/);
    const { input } = await copyInput('cli-gate');
    const id = uniqueName('cli-gate');
    assert.equal(
      (await cli(['start', 'copy-snapshot', '--input', inputFile(input), '--id', id, '--wait'], env)).code,
      0,
    );
    const approve = await cli(['approve', id, '--by', 'ana'], env);
    assert.equal(approve.code, 1);
    assert.match(approve.stderr, /has already ended \(completed\)/);
    const noReason = await cli(['reject', id], env);
    assert.equal(noReason.code, 2);
    assert.match(noReason.stderr, /required option '--reason <text>'/);
  });

  it('cancels a running copy: the run ends cancelled and the copy it made is deleted', async () => {
    const { input } = await copyInput('cli-cancel');
    // Slow copies: a cross-region copy takes 15 s at this scale, long enough to cancel it midway.
    await stack.control.setTimeScale(20);
    try {
      const id = uniqueName('cli-cancel');
      assert.equal(
        (await cli(['start', 'copy-snapshot', '--input', inputFile(input), '--id', id], env)).code,
        0,
      );
      await waitUntil('the copy call', async () =>
        (await stack.control.audit({ action: 'CopySnapshot' })).some((c) =>
          JSON.stringify(c.params).includes(input.source.snapshotName),
        )
          ? true
          : undefined,
      );
      const cancel = await cli(['cancel', id], env);
      assert.equal(cancel.code, 0, cancel.stderr);
      const watched = await cli(['watch', id], env);
      assert.equal(watched.code, 1);
      const status = JSON.parse((await cli(['status', id, '--json'], env)).stdout) as RunDetails;
      assert.equal(status.status, 'cancelled', JSON.stringify(status, null, 1));
      const copy = status.progress!.resources.find((r) => r.action === 'created')!;
      assert.ok(status.progress!.resources.some((r) => r.action === 'deleted' && r.name === copy.name));
      const left = await stack.clients
        .forRegion('eu-west-1')
        .send(new GetInstanceSnapshotsCommand({}))
        .then((r) => (r.instanceSnapshots ?? []).filter((snap) => snap.name === copy.name));
      assert.deepEqual(left, [], 'the copy was deleted');
    } finally {
      await stack.control.setTimeScale(TEST_TIME_SCALE);
    }
  });

  it('watch on a run that already failed prints "Run <id> failed: ..." and exits 1, without a stack trace', async () => {
    const id = uniqueName('cli-watch-failed');
    const input = inputFile({
      sourceRegion: 'us-east-1',
      targetRegions: ['eu-west-1'],
      source: { type: 'manual', snapshotName: uniqueName('missing') },
      poll: TEST_POLL,
    });
    assert.equal(
      (await cli(['start', 'copy-snapshot', '--input', input, '--id', id, '--wait'], env)).code,
      1,
    );
    const watched = await cli(['watch', id], env);
    assert.equal(watched.code, 1);
    assert.match(watched.stderr, new RegExp(`^Run ${id} failed: SourceNotFound: Source snapshot`, 'm'));
    assert.doesNotMatch(watched.stderr, /^\s+at /m, 'no stack trace');
  });

  it("watch on a run that already completed reports the run's own duration, not the time spent watching", async () => {
    const { input } = await copyInput('cli-watch-done');
    const id = uniqueName('cli-watch-done');
    // A slower copy (about 3 s), so the run's duration cannot pass for the watch's own.
    await stack.control.setTimeScale(100);
    try {
      assert.equal(
        (await cli(['start', 'copy-snapshot', '--input', inputFile(input), '--id', id, '--wait'], env)).code,
        0,
      );
    } finally {
      await stack.control.setTimeScale(TEST_TIME_SCALE);
    }
    const run = JSON.parse((await cli(['status', id, '--json'], env)).stdout) as RunDetails;
    const watched = await cli(['watch', id], env);
    assert.equal(watched.code, 0, watched.stderr);
    assert.match(
      watched.stderr,
      new RegExp(`Run ${id} completed in ${runDuration(run.startedAt, run.closedAt).replace('.', '\\.')}\n`),
    );
  });

  it('status and watch on a run refused at input validation say it was refused, not that no worker answered', async () => {
    const id = uniqueName('cli-refused');
    // Past the CLI's own check, as a run started by another client or an older version would be.
    const handle = await stack.client.workflow.start(PROCEDURES['copy-snapshot']!.workflowType, {
      taskQueue: stack.sharedTaskQueue,
      workflowId: id,
      args: [{ sourceRegion: 'us-east-1' }],
    });
    await handle.result().catch(() => undefined);
    const status = await cli(['status', id], env);
    assert.equal(status.code, 0, status.stderr);
    assert.match(status.stdout, /refused before its first step/);
    assert.doesNotMatch(status.stdout, /is one running/);
    assert.match(status.stdout, /^Failure: InvalidInput: /m);
    const watched = await cli(['watch', id], env);
    assert.equal(watched.code, 1);
    assert.match(watched.stderr, new RegExp(`^Run ${id} failed: InvalidInput: `, 'm'));
    assert.doesNotMatch(watched.stderr, /^\s+at /m, 'no stack trace');
  });

  it('list with filters that match nothing names the filters instead of saying there are no runs yet', async () => {
    const list = await cli(['list', '--procedure', 'export-to-ec2', '--status', 'timed-out'], env);
    assert.equal(list.code, 0, list.stderr);
    assert.match(list.stdout, /^No timed-out export-to-ec2 runs\. `lightsail-flows list` without/);
    assert.doesNotMatch(list.stdout, /No runs yet/);
  });

  it('a missing schedule points to `schedule list`, not to the list of runs', async () => {
    const missing = await cli(['schedule', 'pause', 'no-such-schedule'], env);
    assert.equal(missing.code, 1);
    assert.match(
      missing.stderr,
      /No schedule with id no-such-schedule\. `lightsail-flows schedule list` shows/,
    );
  });

  it('refuses a gate a copy run does not have with exit 1, saying so and to cancel it instead', async () => {
    const id = uniqueName('cli-copy-gate');
    // On a task queue no worker polls, so the run stays running for the gates to be tried.
    const handle = await stack.client.workflow.start(PROCEDURES['copy-snapshot']!.workflowType, {
      taskQueue: `nobody-${id}`,
      workflowId: id,
      args: [{}],
    });
    try {
      const rollback = await cli(['rollback', id, '--reason', 'wrong region'], env);
      assert.equal(rollback.code, 1);
      assert.match(
        rollback.stderr,
        new RegExp(
          `^copy-snapshot runs have no rollback gate\\. To stop this one, cancel it with \`lightsail-flows cancel ${id}\``,
        ),
      );
      assert.doesNotMatch(rollback.stderr, /No registered handler/);
      const approve = await cli(['approve', id], env);
      assert.equal(approve.code, 1);
      assert.match(approve.stderr, /copy-snapshot runs have no approve gate: they do not wait for approval/);
    } finally {
      await handle.terminate();
    }
  });

  it('fails within 3 s beyond its start-up, naming the address and what to check, when nothing listens at TEMPORAL_ADDRESS', async () => {
    const address = `127.0.0.1:${await freePort()}`;
    let began = Date.now();
    assert.equal((await cli(['procedures'], env)).code, 0);
    const startUp = Date.now() - began;
    began = Date.now();
    const run = await cli(['list'], { ...env, TEMPORAL_ADDRESS: address });
    const took = Date.now() - began;
    assert.equal(run.code, 1);
    assert.match(run.stderr, new RegExp(`^Cannot reach the Temporal server at ${address}: `));
    assert.match(run.stderr, /`npm run dev`, or set TEMPORAL_ADDRESS/);
    assert.doesNotMatch(run.stderr, /^\s+at /m, 'no stack trace');
    assert.ok(took - startUp < 3000, `took ${took} ms, of which start-up about ${startUp} ms`);
  });

  it('lists the procedures with their input fields', async () => {
    const run = await cli(['procedures'], env);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /^copy-snapshot \(workflow copySnapshotAcrossRegions\)/m);
    assert.match(run.stdout, /source: \{type: "manual", snapshotName\}/);
    assert.match(run.stdout, /^blue-green-deploy /m);
  });

  it('creates a schedule that fires and starts a run, lists it, pauses, resumes and deletes it', async () => {
    const { input } = await copyInput('cli-schedule');
    const scheduleId = uniqueName('nightly-dr');
    const bad = await cli(
      ['schedule', 'create', scheduleId, 'copy-snapshot', '--every', 'daily', '--input', inputFile(input)],
      env,
    );
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /every: must be a number and a unit/);
    const created = await cli(
      ['schedule', 'create', scheduleId, 'copy-snapshot', '--every', '2s', '--input', inputFile(input)],
      env,
    );
    assert.equal(created.code, 0, created.stderr);
    assert.match(created.stdout, new RegExp(`Created schedule ${scheduleId}: copy-snapshot every 2s`));
    try {
      const fired = await waitUntil(
        'the schedule fires',
        async () => {
          const list = await cli(['schedule', 'list', '--json'], env);
          const mine = (
            JSON.parse(list.stdout) as { scheduleId: string; recentRuns: { runId: string }[] }[]
          ).find((s) => s.scheduleId === scheduleId);
          return mine?.recentRuns[0]?.runId;
        },
        30_000,
      );
      assert.ok(fired.startsWith(scheduleId));
      assert.equal((await cli(['schedule', 'pause', scheduleId, '--note', 'maintenance'], env)).code, 0);
      const listed = await cli(['schedule', 'list'], env);
      assert.match(listed.stdout, new RegExp(`${scheduleId}\\s+copy-snapshot\\s+every 2s\\s+paused`));
      assert.equal((await cli(['schedule', 'resume', scheduleId], env)).code, 0);
    } finally {
      const deleted = await cli(['schedule', 'delete', scheduleId], env);
      assert.equal(deleted.code, 0, deleted.stderr);
    }
    const gone = await cli(['schedule', 'pause', scheduleId], env);
    assert.equal(gone.code, 1);
    assert.match(gone.stderr, new RegExp(`No schedule with id ${scheduleId}`));
  });
});
