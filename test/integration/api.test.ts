import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildApi } from '../../src/api/server';
import type { Triggers } from '../../src/api/triggers';
import type { RunDetails } from '../../src/runs/inspect';
import type { RunProgress } from '../../src/schemas/progress';
import type { CopySnapshotResult } from '../../src/schemas/copy-snapshot';
import {
  createDistribution,
  createRunningService,
  servedBy,
  shopDeployment,
} from '../support/container-fixtures';
import { createInstance, createInstanceSnapshot, daysAgo, uniqueName, waitUntil } from '../support/fixtures';
import { TEST_POLL, TEST_TIME_SCALE, testStack, type TestStack } from '../support/stack';

const WRITE = 'write-token-0123456789abcdef';
const READ = 'read-token-0123456789abcdef';
const SECRET = 'sns-secret-0123456789abcdef';

/** The documented example: an alarm on an instance copies its latest automatic snapshot to the DR region. */
const TRIGGERS = {
  'alarm-dr-copy': {
    secret: SECRET,
    alarmStates: ['ALARM'],
    start: {
      procedure: 'copy-snapshot',
      input: {
        sourceRegion: '{{alarm.region}}',
        targetRegions: ['eu-west-1'],
        source: {
          type: 'automatic',
          resourceName: '{{alarm.resourceName}}',
          useLatestRestorableAutoSnapshot: true,
        },
        targetSnapshotName: '{{alarm.resourceName}}-alarm-{{message.id}}',
        tags: { trigger: '{{alarm.name}}' },
        poll: TEST_POLL,
      },
    },
  },
} as unknown as Triggers;

function snsAlarm(messageId: string, instanceName: string, state = 'ALARM') {
  return {
    Type: 'Notification',
    MessageId: messageId,
    TopicArn: 'arn:aws:sns:us-east-1:123456789012:lightsail-alarms',
    Subject: `ALARM: "${instanceName}-cpu" in US East (N. Virginia)`,
    Message: JSON.stringify({
      AlarmName: `${instanceName}-cpu`,
      NewStateValue: state,
      AlarmArn: `arn:aws:cloudwatch:us-east-1:123456789012:alarm:${instanceName}-cpu`,
      Trigger: { MetricName: 'CPUUtilization', Dimensions: [{ name: 'InstanceName', value: instanceName }] },
    }),
    Timestamp: new Date().toISOString(),
  };
}

/** The fields of the API's answers these tests read. */
interface ApiBody {
  error?: { code: string; message: string; fields?: { path: string; message: string }[] };
  ok?: boolean;
  ready?: boolean;
  runId?: string;
  started?: boolean;
  status?: string;
  openapi?: string;
  components?: { schemas: Record<string, { properties?: Record<string, { enum?: string[] }> }> };
  paths?: Record<string, unknown>;
  runs?: { runId: string }[];
  schedules?: { scheduleId: string }[];
  recentRuns?: unknown[];
  paused?: boolean;
  progress?: RunProgress;
  ignored?: string;
  subscribeUrl?: string;
  answer?: string;
}

describe('the HTTP API over HTTP, on the dev server against the emulator', function () {
  this.timeout(120_000);
  let stack: TestStack;
  let app: FastifyInstance;
  let base: string;

  before(async function () {
    this.timeout(600_000);
    stack = await testStack();
    app = buildApi({
      client: stack.client,
      taskQueue: stack.sharedTaskQueue,
      tokens: { write: [WRITE], read: [READ] },
      triggers: TRIGGERS,
      bodyLimit: 64 * 1024,
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  });
  after(() => app.close());

  async function call(
    method: string,
    path: string,
    options: { token?: string | null; body?: unknown; headers?: Record<string, string> } = {},
  ) {
    const token = options.token === undefined ? WRITE : options.token;
    const res = await fetch(`${base}${path}`, {
      method,
      headers: {
        ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...options.headers,
      },
      body:
        options.body === undefined
          ? undefined
          : typeof options.body === 'string'
            ? options.body
            : JSON.stringify(options.body),
    });
    const text = await res.text();
    return {
      status: res.status,
      headers: res.headers,
      body: (text ? JSON.parse(text) : {}) as ApiBody,
    };
  }

  async function copyInput(label: string) {
    const { snapshotName } = await createInstanceSnapshot(stack.clients, 'us-east-1', label);
    return {
      sourceRegion: 'us-east-1',
      targetRegions: ['eu-west-1'],
      source: { type: 'manual', snapshotName },
      poll: TEST_POLL,
    };
  }

  const untilDone = (runId: string) =>
    waitUntil(
      `run ${runId} done`,
      async () => {
        const r = await call('GET', `/runs/${runId}`);
        return r.body.status !== 'running' ? (r.body as RunDetails) : undefined;
      },
      60_000,
    );

  it('answers /readyz with 200 without a token when Temporal is reachable, and documents /healthz and /readyz', async () => {
    const ready = await call('GET', '/readyz', { token: null });
    assert.equal(ready.status, 200);
    assert.equal(ready.body.ready, true);
    const doc = await call('GET', '/openapi.json', { token: null });
    assert.ok(doc.body.paths!['/readyz'] && doc.body.paths!['/healthz']);
  });

  it('refuses rollback on a copy-snapshot run with 409, saying it has no rollback gate and to cancel it instead', async () => {
    const id = uniqueName('api-copy-gate');
    // On a task queue no worker polls, so the run stays running for the gate to be tried.
    const handle = await stack.client.workflow.start('copySnapshotAcrossRegions', {
      taskQueue: `nobody-${id}`,
      workflowId: id,
      args: [{}],
    });
    try {
      const rollback = await call('POST', `/runs/${id}/rollback`, { body: { reason: 'wrong region' } });
      assert.equal(rollback.status, 409);
      assert.equal(rollback.body.error!.code, 'Refused');
      assert.match(
        rollback.body.error!.message,
        new RegExp(
          `^copy-snapshot runs have no rollback gate\\. To stop this one, cancel it with .*POST /runs/${id}/cancel`,
        ),
      );
    } finally {
      await handle.terminate();
    }
  });

  it('serves /healthz and an OpenAPI 3.1 document with every procedure input schema, without a token', async () => {
    assert.deepEqual((await call('GET', '/healthz', { token: null })).body, { ok: true });
    const doc = await call('GET', '/openapi.json', { token: null });
    assert.equal(doc.status, 200);
    assert.equal(doc.body.openapi, '3.1.0');
    for (const name of [
      'copy-snapshot-input',
      'blue-green-deploy-input',
      'export-to-ec2-input',
      'approve-input',
      'schedule-input',
    ]) {
      assert.ok(doc.body.components!.schemas[name], `components.schemas.${name}`);
    }
    assert.ok(
      doc.body.components!.schemas['copy-snapshot-input']!.properties!.sourceRegion!.enum!.includes(
        'eu-west-1',
      ),
    );
    for (const path of [
      '/runs',
      '/runs/{id}',
      '/runs/{id}/approve',
      '/runs/{id}/cancel',
      '/schedules',
      '/schedules/{id}/pause',
      '/webhooks/{trigger}',
    ]) {
      assert.ok(doc.body.paths![path], path);
    }
  });

  it('answers 401 without a token or with a wrong one, 403 for a read-only token on a change, and lets it read', async () => {
    const none = await call('GET', '/runs', { token: null });
    assert.equal(none.status, 401);
    assert.equal(none.body.error!.code, 'Unauthorized');
    assert.equal((await call('GET', '/runs', { token: 'not-a-valid-token-at-all' })).status, 401);
    const readOnly = await call('POST', '/runs', {
      token: READ,
      body: { procedure: 'copy-snapshot', input: {} },
    });
    assert.equal(readOnly.status, 403);
    assert.equal((await call('GET', '/procedures', { token: READ })).status, 200);
  });

  it('refuses bad input with 400 and an error for each field, starting nothing', async () => {
    const key = uniqueName('bad');
    const bad = await call('POST', '/runs', {
      headers: { 'idempotency-key': key },
      body: {
        procedure: 'copy-snapshot',
        input: { sourceRegion: 'us-east-1', targetRegions: ['atlantis-1'], source: { type: 'manual' } },
      },
    });
    assert.equal(bad.status, 400);
    const paths = bad.body.error!.fields!.map((f) => f.path);
    assert.ok(paths.includes('input.targetRegions[0]'), paths.join(', '));
    assert.ok(paths.includes('input.source.snapshotName'), paths.join(', '));
    assert.equal((await call('GET', `/runs/${key}`)).status, 404, 'no run was started');
    const unknown = await call('POST', '/runs', { body: { procedure: 'teleport', input: {} } });
    assert.equal(unknown.status, 400);
    assert.equal(unknown.body.error!.fields![0]!.path, 'procedure');
    assert.equal((await call('POST', '/runs', { body: '{not json' })).status, 400);
  });

  it('starts a run once per Idempotency-Key, answers its status and result, lists it, and 409s the key for another procedure', async () => {
    const input = await copyInput('api-idem');
    const key = uniqueName('api-run');
    const first = await call('POST', '/runs', {
      headers: { 'idempotency-key': key },
      body: { procedure: 'copy-snapshot', input },
    });
    assert.equal(first.status, 201);
    assert.deepEqual(first.body, { runId: key, started: true, status: 'running' });
    assert.equal(first.headers.get('location'), `/runs/${key}`);
    const again = await call('POST', '/runs', {
      headers: { 'idempotency-key': key },
      body: { procedure: 'copy-snapshot', input },
    });
    assert.equal(again.status, 200);
    assert.equal(again.body.runId, key);
    assert.equal(again.body.started, false);
    const done = await untilDone(key);
    assert.equal(done.status, 'completed');
    assert.equal((done.result as CopySnapshotResult).copies[0]!.region, 'eu-west-1');
    assert.ok(done.progress?.steps.every((s) => s.state === 'succeeded'));
    const copies = (await stack.control.audit({ action: 'CopySnapshot' })).filter((c) =>
      JSON.stringify(c.params).includes(input.source.snapshotName),
    );
    assert.equal(copies.length, 1, 'one run, one copy');
    const list = await call('GET', '/runs?procedure=copy-snapshot&status=completed&limit=100', {
      token: READ,
    });
    assert.equal(list.status, 200, JSON.stringify(list.body));
    assert.ok(list.body.runs!.some((r) => r.runId === key));
    const conflict = await call('POST', '/runs', {
      headers: { 'idempotency-key': key },
      body: {
        procedure: 'export-to-ec2',
        input: { region: 'us-east-1', source: { type: 'diskSnapshot', snapshotName: 'x1' } },
      },
    });
    assert.equal(conflict.status, 409);
    assert.equal((await call('GET', '/runs/no-such-run')).status, 404);
    assert.equal((await call('GET', '/runs?status=sleeping')).status, 400);
  });

  it('answers gates: 409 when the run has ended, 400 for a bad gate input, 404 for no run; cancels a running run', async () => {
    const input = await copyInput('api-gates');
    const done = await call('POST', '/runs', { body: { procedure: 'copy-snapshot', input } });
    await untilDone(done.body.runId as string);
    const approve = await call('POST', `/runs/${done.body.runId}/approve`, { body: { by: 'ana' } });
    assert.equal(approve.status, 409);
    assert.match(approve.body.error!.message, /has already ended/);
    const noReason = await call('POST', `/runs/${done.body.runId}/reject`, { body: { reason: ' ' } });
    assert.equal(noReason.status, 400);
    assert.equal(noReason.body.error!.fields![0]!.path, 'reason');
    assert.equal((await call('POST', '/runs/nobody/rollback', { body: { reason: 'x' } })).status, 404);

    await stack.control.setTimeScale(20); // a 15 s copy, to cancel midway
    try {
      const slow = await call('POST', '/runs', {
        body: { procedure: 'copy-snapshot', input: await copyInput('api-cancel') },
      });
      const id = slow.body.runId as string;
      await waitUntil('the copy under way', async () =>
        (await call('GET', `/runs/${id}`)).body.progress?.steps.some(
          (s: { id: string; state: string }) => s.id.startsWith('wait@') && s.state === 'running',
        )
          ? true
          : undefined,
      );
      const cancel = await call('POST', `/runs/${id}/cancel`);
      assert.equal(cancel.status, 202);
      assert.equal((await untilDone(id)).status, 'cancelled');
    } finally {
      await stack.control.setTimeScale(TEST_TIME_SCALE);
    }
  });

  it('approves a blue-green release waiting for approval and rejects another, through the gate routes', async () => {
    /** A release of v2 behind a distribution, waiting for approval; answers its run id and viewer URL. */
    const waitingRelease = async (label: string) => {
      const blue = uniqueName(`${label}-blue`);
      const distributionName = uniqueName(`${label}-cdn`);
      await createRunningService(stack.clients, 'us-east-1', blue, shopDeployment('1'));
      const url = await createDistribution(stack.clients, distributionName, {
        name: blue,
        regionName: 'us-east-1',
      });
      const started = await call('POST', '/runs', {
        body: {
          procedure: 'blue-green-deploy',
          input: {
            strategy: 'blue-green',
            region: 'us-east-1',
            services: [blue, uniqueName(`${label}-green`)],
            distributionName,
            deployment: shopDeployment('2'),
            verification: { checks: 1, intervalSeconds: 0.1 },
            approval: { timeoutMinutes: 5 },
            bakeMinutes: 0.01,
            poll: TEST_POLL,
          },
        },
      });
      const runId = started.body.runId!;
      await waitUntil(
        'waiting for approval',
        async () =>
          (await call('GET', `/runs/${runId}`)).body.progress?.steps.some(
            (s) => s.id === 'approval' && s.state === 'running',
          )
            ? true
            : undefined,
        30_000,
      );
      return { runId, blue, url };
    };

    const approved = await waitingRelease('api-approve');
    const answer = await call('POST', `/runs/${approved.runId}/approve`, { body: { by: 'ana' } });
    assert.equal(answer.status, 200);
    assert.match(answer.body.answer!, /Approved by ana/);
    assert.equal((await untilDone(approved.runId)).status, 'completed');
    assert.notEqual(
      (await servedBy(approved.url)).body.service,
      approved.blue,
      'traffic moved to the new side',
    );

    const rejected = await waitingRelease('api-reject');
    const no = await call('POST', `/runs/${rejected.runId}/reject`, {
      body: { reason: 'wrong build', by: 'ana' },
    });
    assert.equal(no.status, 200);
    const end = await untilDone(rejected.runId);
    assert.equal(end.status, 'failed');
    assert.match(end.failure!.message, /wrong build/);
    assert.equal((await servedBy(rejected.url)).body.service, rejected.blue, 'traffic never moved');
  });

  it('creates, lists, pauses, resumes and deletes a schedule that fires, refusing a bad one with fields', async () => {
    const bad = await call('POST', '/schedules', {
      body: { scheduleId: 'x', procedure: 'copy-snapshot', every: 'daily', input: {} },
    });
    assert.equal(bad.status, 400);
    assert.ok(bad.body.error!.fields!.some((f) => f.path === 'every'));
    const badInput = await call('POST', '/schedules', {
      body: { scheduleId: 'y', procedure: 'copy-snapshot', every: '1h', input: { sourceRegion: 'mars-1' } },
    });
    assert.equal(badInput.status, 400);
    assert.ok(badInput.body.error!.fields!.some((f) => f.path === 'input.sourceRegion'));
    const scheduleId = uniqueName('api-schedule');
    const created = await call('POST', '/schedules', {
      body: { scheduleId, procedure: 'copy-snapshot', every: '2s', input: await copyInput('api-sched') },
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    try {
      assert.equal(
        (
          await call('POST', '/schedules', {
            body: {
              scheduleId,
              procedure: 'copy-snapshot',
              every: '2s',
              input: await copyInput('api-sched2'),
            },
          })
        ).status,
        409,
      );
      await waitUntil(
        'the schedule fires',
        async () => {
          const s = await call('GET', `/schedules/${scheduleId}`);
          return s.body.recentRuns!.length > 0 ? true : undefined;
        },
        30_000,
      );
      assert.ok((await call('GET', '/schedules')).body.schedules!.some((s) => s.scheduleId === scheduleId));
      assert.equal(
        (await call('POST', `/schedules/${scheduleId}/pause`, { body: { note: 'maintenance' } })).body.paused,
        true,
      );
      assert.equal((await call('POST', `/schedules/${scheduleId}/resume`)).body.paused, false);
    } finally {
      assert.equal((await call('DELETE', `/schedules/${scheduleId}`)).status, 204);
    }
    assert.equal((await call('GET', `/schedules/${scheduleId}`)).status, 404);
  });

  it('a Lightsail alarm notification through SNS starts the DR copy once, however often SNS delivers it', async () => {
    const instanceName = uniqueName('alarmed');
    await createInstance(stack.clients, 'us-east-1', instanceName, { autoSnapshots: true });
    await stack.control.addAutoSnapshot({
      region: 'us-east-1',
      resourceName: instanceName,
      date: daysAgo(1),
    });
    const messageId = randomUUID();
    const path = `/webhooks/alarm-dr-copy?secret=${SECRET}`;
    const first = await call('POST', path, {
      token: null,
      body: snsAlarm(messageId, instanceName),
      headers: { 'content-type': 'text/plain; charset=UTF-8' },
    });
    assert.equal(first.status, 202, JSON.stringify(first.body));
    assert.equal(first.body.runId, `alarm-dr-copy-${messageId}`);
    const redelivered = await call('POST', path, { token: null, body: snsAlarm(messageId, instanceName) });
    assert.equal(redelivered.status, 200);
    assert.equal(redelivered.body.started, false);
    const done = await untilDone(first.body.runId);
    assert.equal(done.status, 'completed', JSON.stringify(done.failure));
    const result = done.result as CopySnapshotResult;
    assert.equal(result.source.name, instanceName);
    assert.equal(result.copies[0]!.snapshotName, `${instanceName}-alarm-${messageId}`);

    assert.equal(
      (
        await call('POST', `/webhooks/alarm-dr-copy?secret=wrong-secret-0123456789`, {
          token: null,
          body: snsAlarm(randomUUID(), instanceName),
        })
      ).status,
      401,
    );
    const ok = await call('POST', path, { token: null, body: snsAlarm(randomUUID(), instanceName, 'OK') });
    assert.match(ok.body.ignored!, /the alarm is OK/);
    const confirm = await call('POST', path, {
      token: null,
      body: {
        Type: 'SubscriptionConfirmation',
        MessageId: randomUUID(),
        SubscribeURL: 'https://sns.example/confirm',
      },
    });
    assert.equal(confirm.body.subscribeUrl, 'https://sns.example/confirm');
    assert.equal((await call('POST', '/webhooks/nope', { token: null, body: {} })).status, 404);
  });

  it('answers 413 for a body over the limit, 404 for an unknown route, both as JSON errors', async () => {
    const big = await call('POST', '/runs', {
      body: { procedure: 'copy-snapshot', input: { pad: 'x'.repeat(100 * 1024) } },
    });
    assert.equal(big.status, 413);
    assert.equal(big.body.error!.code, 'PayloadTooLarge');
    const none = await call('GET', '/nowhere');
    assert.equal(none.status, 404);
    assert.match(none.body.error!.message, /No route GET \/nowhere/);
  });

  it('refuses to start without tokens unless told it is local-only', async () => {
    const bin = join(__dirname, '..', '..', 'bin', 'lightsail-flows.cjs');
    const run = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, [bin, 'api', '--port', '0'], {
        env: { ...process.env, LIGHTSAIL_FLOWS_API_TOKENS: '', TEMPORAL_ADDRESS: stack.env.address },
      });
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      child.on('exit', (code) => resolve({ code, stderr }));
    });
    assert.equal(run.code, 2);
    assert.match(run.stderr, /No API tokens: set LIGHTSAIL_FLOWS_API_TOKENS .* or pass --local-only/);
  });
});
