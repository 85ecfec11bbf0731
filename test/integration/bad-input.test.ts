import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { WorkflowFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { FastifyInstance } from 'fastify';
import { buildApi } from '../../src/api/server';
import { PROCEDURES } from '../../src/procedures';
import { testStack, type TestStack } from '../support/stack';

const BIN = join(__dirname, '..', '..', 'bin', 'lightsail-flows.cjs');

const deployment = {
  containers: { web: { image: 'shop:2', ports: { '80': 'HTTP' } } },
  publicEndpoint: { containerName: 'web', containerPort: 80 },
};

const RESERVED = 'is not allowed as a key (__proto__, constructor and prototype are reserved)';

/**
 * Malformed inputs, each with the field its refusal must name and, where it matters, the rule it
 * must state. Reserved keys are computed (`['__proto__']`) so they are own keys, as JSON.parse
 * makes them, not the object literal's prototype.
 */
const CASES: { procedure: string; why: string; input: unknown; field: string; rule?: string }[] = [
  {
    procedure: 'restore-database',
    why: 'a master password in the input',
    input: {
      region: 'us-west-2',
      source: { type: 'snapshot', snapshotName: 'orders-db-base' },
      masterUserPassword: 'Sw0rdfish!x9',
    },
    field: 'masterUserPassword',
    rule: 'a password is never taken in the input (its history would keep it); name an environment variable of the worker in masterPassword.fromEnv, or leave it out to keep the source password',
  },
  {
    procedure: 'restore-database',
    why: 'a point in time that is not a time',
    input: {
      region: 'us-west-2',
      source: { type: 'point-in-time', databaseName: 'orders-db', restoreTime: 'yesterday' },
    },
    field: 'source.restoreTime',
    rule: 'must be an ISO 8601 time such as "2026-12-01T23:30:00Z"',
  },
  {
    procedure: 'restore-database',
    why: 'a new name and a database to replace at once',
    input: {
      region: 'us-west-2',
      source: { type: 'newest-snapshot', databaseName: 'orders-db' },
      targetName: 'orders-db-copy',
      replace: { databaseName: 'orders-db-staging', old: 'keep' },
    },
    field: 'targetName',
  },
  {
    procedure: 'copy-snapshot',
    why: 'a region that does not exist',
    input: {
      sourceRegion: 'us-east-1',
      targetRegions: ['atlantis-1'],
      source: { type: 'manual', snapshotName: 'a1' },
    },
    field: 'targetRegions[0]',
  },
  {
    procedure: 'copy-snapshot',
    why: 'a manual source without its name',
    input: { sourceRegion: 'us-east-1', targetRegions: 'eu-west-1', source: { type: 'manual' } },
    field: 'source.snapshotName',
    rule: 'required',
  },
  {
    procedure: 'copy-snapshot',
    why: 'a missing source region, as required rather than as a wrong region',
    input: { targetRegions: 'eu-west-1', source: { type: 'manual', snapshotName: 'a1' } },
    field: 'sourceRegion',
    rule: 'required',
  },
  {
    procedure: 'copy-snapshot',
    why: 'a __proto__ tag key, which a record would drop silently',
    input: {
      sourceRegion: 'us-east-1',
      targetRegions: 'eu-west-1',
      source: { type: 'manual', snapshotName: 'a1' },
      tags: { ['__proto__']: 'x', team: 'web' },
    },
    field: 'tags.__proto__',
    rule: RESERVED,
  },
  {
    procedure: 'copy-snapshot',
    why: 'a constructor tag key',
    input: {
      sourceRegion: 'us-east-1',
      targetRegions: 'eu-west-1',
      source: { type: 'manual', snapshotName: 'a1' },
      tags: { constructor: 'x' },
    },
    field: 'tags.constructor',
    rule: RESERVED,
  },
  {
    procedure: 'copy-snapshot',
    why: 'a retention that keeps nothing',
    input: {
      sourceRegion: 'us-east-1',
      targetRegions: 'eu-west-1',
      source: { type: 'manual', snapshotName: 'a1' },
      retention: { series: 's', keep: 0 },
    },
    field: 'retention.keep',
  },
  {
    procedure: 'blue-green-deploy',
    why: 'an unknown strategy',
    input: { strategy: 'canary', region: 'us-east-1', serviceName: 'shop', deployment },
    field: 'strategy',
  },
  {
    procedure: 'blue-green-deploy',
    why: 'a public endpoint on a port the container does not open',
    input: {
      strategy: 'in-place',
      region: 'us-east-1',
      serviceName: 'shop',
      deployment: { ...deployment, publicEndpoint: { containerName: 'web', containerPort: 8080 } },
    },
    field: 'deployment.publicEndpoint.containerPort',
  },
  {
    procedure: 'blue-green-deploy',
    why: 'a __proto__ key in a container environment',
    input: {
      strategy: 'in-place',
      region: 'us-east-1',
      serviceName: 'shop',
      deployment: {
        ...deployment,
        containers: { web: { ...deployment.containers.web, environment: { ['__proto__']: 'x' } } },
      },
    },
    field: 'deployment.containers.web.environment.__proto__',
    rule: RESERVED,
  },
  {
    procedure: 'blue-green-deploy',
    why: 'a missing region, as required rather than as a wrong region',
    input: { strategy: 'in-place', serviceName: 'shop', deployment },
    field: 'region',
    rule: 'required',
  },
  {
    procedure: 'blue-green-deploy',
    why: 'the same service twice as the pair',
    input: {
      strategy: 'blue-green',
      region: 'us-east-1',
      services: ['shop', 'shop'],
      distributionName: 'cdn',
      deployment,
    },
    field: 'services',
  },
  {
    procedure: 'export-to-ec2',
    why: 'an instance without the EC2 instance to make',
    input: { region: 'us-east-1', source: { type: 'instance', instanceName: 'web-1' } },
    field: 'ec2',
  },
  {
    procedure: 'export-to-ec2',
    why: 'an instance type that is not one',
    input: {
      region: 'us-east-1',
      source: { type: 'instanceSnapshot', snapshotName: 'web-1-base' },
      ec2: { instanceType: 'large' },
    },
    field: 'ec2.instanceType',
  },
  {
    procedure: 'export-to-ec2',
    why: 'a prototype key at the top',
    input: {
      region: 'us-east-1',
      source: { type: 'diskSnapshot', snapshotName: 'data-1-base' },
      prototype: {},
    },
    field: 'prototype',
    rule: RESERVED,
  },
  {
    procedure: 'export-to-ec2',
    why: 'a disk snapshot with an EC2 instance',
    input: {
      region: 'us-east-1',
      source: { type: 'diskSnapshot', snapshotName: 'data-1-base' },
      ec2: { instanceType: 't3.micro' },
    },
    field: 'ec2',
  },
  {
    procedure: 'runbook',
    why: 'a runbook calling an action Lightsail does not have',
    input: {
      runbook: { text: 'runbook: t\nregion: us-east-1\nsteps:\n  - id: a\n    call: RebootInstances\n' },
    },
    field: 'runbook.text.steps[0].call',
    rule: '(line 5) "RebootInstances" is not a Lightsail action (did you mean RebootInstance?)',
  },
  {
    procedure: 'runbook',
    why: 'a runbook parameter the runbook does not declare',
    input: {
      runbook: { text: 'runbook: t\nsteps:\n  - id: a\n    sleep: 1s\n' },
      params: { colour: 'blue' },
    },
    field: 'params.colour',
    rule: 'the runbook has no parameter "colour" (it has none)',
  },
  {
    procedure: 'failover',
    why: 'both a list of instances and a tag',
    input: {
      primaryRegion: 'us-east-1',
      drRegion: 'eu-west-1',
      instanceNames: ['web-1'],
      instanceTag: { key: 'tier' },
    },
    field: 'instanceNames',
    rule: 'give exactly one of instanceNames and instanceTag',
  },
  {
    procedure: 'failover',
    why: 'the DR region the same as the primary',
    input: { primaryRegion: 'us-east-1', drRegion: 'us-east-1', instanceNames: ['web-1'] },
    field: 'drRegion',
    rule: 'must differ from primaryRegion: the DR copies live in another region',
  },
  {
    procedure: 'failover',
    why: 'a distribution with two instances',
    input: {
      primaryRegion: 'us-east-1',
      drRegion: 'eu-west-1',
      instanceNames: ['web-1', 'web-2'],
      distributionName: 'cdn',
    },
    field: 'distributionName',
    rule: 'a distribution has one origin: give distributionName with exactly one instance in instanceNames',
  },
  {
    procedure: 'dr-drill',
    why: 'a recovery-time target of zero',
    input: {
      primaryRegion: 'us-east-1',
      drRegion: 'eu-west-1',
      instanceNames: ['web-1'],
      targets: { maxRecoveryMinutes: 0 },
    },
    field: 'targets.maxRecoveryMinutes',
    rule: 'must be more than 0',
  },
];

/** Files the edge cases' CLI arguments may name, written once before the tests. */
interface Files {
  /** A valid copy-snapshot input. */
  valid: string;
  /** A copy-snapshot input with a syntax error on line 3, column 19. */
  broken: string;
  /** A copy-snapshot input with a constructor tag key. */
  reserved: string;
}

/**
 * Requests that once answered 500, a stack trace or a TypeError: each is refused by every edge it
 * applies to, the CLI with exit 2 and the API with a 4xx naming the field. `says` is what both
 * refusals must say.
 */
interface EdgeCase {
  why: string;
  cli?: (files: Files) => string[];
  api?: { method: string; path: string; body?: unknown; headers?: Record<string, string> };
  /** The API's status; 400 unless given. */
  status?: number;
  /** The field the API's refusal names (error.fields[].path). */
  field?: string;
  says: RegExp;
  /** What neither refusal may say. */
  saysNot?: RegExp;
}

const EDGE_CASES: EdgeCase[] = [
  ...['constructor', '__proto__', 'toString'].flatMap((name): EdgeCase[] => [
    {
      why: `starting a procedure named ${name}`,
      cli: () => ['start', name, '--set', 'a=1'],
      api: { method: 'POST', path: '/runs', body: { procedure: name, input: {} } },
      field: 'procedure',
      says: new RegExp(`Unknown procedure "${name}"`),
    },
    {
      why: `a schedule of a procedure named ${name}`,
      cli: () => ['schedule', 'create', 'edge-schedule', name, '--every', '1h', '--set', 'a=1'],
      api: {
        method: 'POST',
        path: '/schedules',
        body: { scheduleId: 'edge-schedule', procedure: name, every: '1h', input: {} },
      },
      field: 'procedure',
      says: new RegExp(`Unknown procedure "${name}"`),
    },
    {
      why: `listing the runs of a procedure named ${name}`,
      cli: () => ['list', '--procedure', name],
      api: { method: 'GET', path: `/runs?procedure=${name}` },
      field: 'procedure',
      says: new RegExp(`Unknown procedure "${name}"`),
    },
    {
      why: `a webhook to a trigger named ${name}`,
      api: { method: 'POST', path: `/webhooks/${name}`, body: {} },
      status: 404,
      says: new RegExp(`No trigger named ${name}`),
    },
  ]),
  {
    why: 'listing the runs of a procedure whose name would break the visibility query',
    cli: () => ['list', '--procedure', 'x\\'],
    api: { method: 'GET', path: '/runs?procedure=x%5C' },
    field: 'procedure',
    says: /Unknown procedure "x\\"/,
  },
  ...['a/b', 'a b', 'a\nb', '<script>', '', 'x'.repeat(201)].flatMap((id): EdgeCase[] => {
    const shown = JSON.stringify(id.length > 20 ? `${id.slice(0, 5)}... (${id.length})` : id);
    const rule = /must be 1-200 letters, digits, or \. _ : @ -/;
    return [
      {
        why: `the run id ${shown} to start`,
        cli: (f) => ['start', 'copy-snapshot', '--input', f.valid, '--id', id],
        // A header cannot carry a newline: that id is checked through the path below.
        ...(id.includes('\n')
          ? {}
          : {
              api: {
                method: 'POST',
                path: '/runs',
                body: { procedure: 'copy-snapshot', input: {} },
                headers: { 'idempotency-key': id },
              },
              field: 'Idempotency-Key',
            }),
        says: rule,
      },
      {
        why: `the run id ${shown} to read`,
        cli: () => ['status', id],
        // An empty path segment is another route (404), so the empty id is read through the CLI only.
        ...(id === ''
          ? {}
          : { api: { method: 'GET', path: `/runs/${encodeURIComponent(id)}` }, field: 'id' }),
        says: rule,
      },
      {
        why: `the schedule id ${shown}`,
        cli: (f) => ['schedule', 'create', id, 'copy-snapshot', '--every', '1h', '--input', f.valid],
        api: {
          method: 'POST',
          path: '/schedules',
          body: { scheduleId: id, procedure: 'copy-snapshot', every: '1h', input: {} },
        },
        field: 'scheduleId',
        says: /must be 1-179 letters, digits, or \. _ : @ -/,
      },
    ];
  }),
  {
    why: 'a schedule id too long for the ids of its runs (<id>-<time>) to be read back',
    cli: (f) => ['schedule', 'create', 'x'.repeat(180), 'copy-snapshot', '--every', '1h', '--input', f.valid],
    api: {
      method: 'POST',
      path: '/schedules',
      body: { scheduleId: 'x'.repeat(180), procedure: 'copy-snapshot', every: '1h', input: {} },
    },
    field: 'scheduleId',
    says: /must be 1-179 letters/,
  },
  {
    why: 'the longest run id (200 characters) only as a run that does not exist, not as a URL too long,',
    api: { method: 'GET', path: `/runs/${'x'.repeat(200)}` },
    status: 404,
    says: /No run with id x+\./,
  },
  {
    why: 'an input file with a JSON syntax error, naming its line and column',
    cli: (f) => ['start', 'copy-snapshot', '--input', f.broken],
    says: /broken\.json is not valid JSON: line 3, column 19: expected ':' after the property name, found "\["/,
  },
  {
    why: 'a --set value with a JSON syntax error where the schema wants a list, naming its column',
    cli: (f) => ['start', 'copy-snapshot', '--input', f.valid, '--set', 'targetRegions=["eu-west-1"'],
    says: /--set targetRegions: not valid JSON: line 1, column 13: expected ',' or '\]' after the list item/,
  },
  {
    why: 'only the missing region of a release typed with --set, taking APP_VERSION=3 as the string it must be',
    cli: () =>
      [
        'start',
        'blue-green-deploy',
        ...['strategy=in-place', 'serviceName=shop', 'deployment.containers.web.image=shop:3'],
        ...['deployment.containers.web.environment.APP_VERSION=3', 'deployment.containers.web.ports.80=HTTP'],
        ...['deployment.publicEndpoint.containerName=web', 'deployment.publicEndpoint.containerPort=80'],
      ].flatMap((a, i) => (i < 2 ? [a] : ['--set', a])),
    says: /^\s*region: required$/m,
    saysNot: /APP_VERSION|environment/,
  },
  {
    why: 'a body with a JSON syntax error, naming its line and column',
    api: {
      method: 'POST',
      path: '/runs',
      body: '{\n  "procedure": "copy-snapshot",\n  "input": {"targetRegions" ["eu-west-1"]}\n}',
    },
    field: '(body)',
    says: /not valid JSON: line 3, column 29: expected ':' after the property name, found "\["/,
  },
  {
    why: "a reserved key in a schedule's input",
    cli: (f) => [
      'schedule',
      'create',
      'edge-schedule',
      'copy-snapshot',
      '--every',
      '1h',
      '--input',
      f.reserved,
    ],
    api: {
      method: 'POST',
      path: '/schedules',
      body: {
        scheduleId: 'edge-schedule',
        procedure: 'copy-snapshot',
        every: '1h',
        input: { tags: { constructor: 'x' } },
      },
    },
    field: 'input.tags.constructor',
    says: /tags\.constructor: is not allowed as a key/,
  },
  {
    why: "a reserved key in a gate's body",
    api: { method: 'POST', path: '/runs/edge-run/approve', body: '{"__proto__": {"by": "x"}}' },
    field: '__proto__',
    says: /__proto__: is not allowed as a key/,
  },
  {
    why: 'a webhook secret given twice',
    api: { method: 'POST', path: '/webhooks/dr?secret=a&secret=b', body: {} },
    field: 'secret',
    says: /once/,
  },
];

/** A stack trace's frame line, or an error class name leaking to the user. */
const LEAK = /^\s+at |TypeError|ReferenceError|SyntaxError: /m;

/** Every edge refuses the same malformed inputs, with the field, and nothing runs or changes. */
describe('bad input through the CLI, the API and a direct workflow start', function () {
  this.timeout(120_000);
  let stack: TestStack;
  let api: FastifyInstance;
  let apiUrl: string;
  let dir: string;
  let files: Files;

  before(async function () {
    this.timeout(600_000);
    stack = await testStack();
    api = buildApi({
      client: stack.client,
      taskQueue: stack.sharedTaskQueue,
      tokens: { write: [], read: [] },
      triggers: {
        dr: {
          secret: 'a-secret-of-16-chars-or-more',
          alarmStates: ['ALARM'],
          start: { procedure: 'copy-snapshot', input: {} },
        },
      },
    });
    await api.listen({ port: 0, host: '127.0.0.1' });
    apiUrl = `http://127.0.0.1:${(api.server.address() as AddressInfo).port}`;
    dir = mkdtempSync(join(tmpdir(), 'bad-input-'));
    const valid = {
      sourceRegion: 'us-east-1',
      targetRegions: ['eu-west-1'],
      source: { type: 'manual', snapshotName: 'web-1-base' },
    };
    files = {
      valid: join(dir, 'valid.json'),
      broken: join(dir, 'broken.json'),
      reserved: join(dir, 'reserved.json'),
    };
    writeFileSync(files.valid, JSON.stringify(valid));
    writeFileSync(files.broken, '{\n  "sourceRegion": "us-east-1",\n  "targetRegions" ["eu-west-1"]\n}\n');
    writeFileSync(files.reserved, JSON.stringify({ ...valid, tags: { constructor: 'x' } }));
  });
  after(() => api.close());

  function cli(args: string[]): Promise<{ code: number | null; stderr: string }> {
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [BIN, ...args], {
        env: {
          ...process.env,
          TEMPORAL_ADDRESS: stack.env.address,
          LIGHTSAIL_FLOWS_TASK_QUEUE: stack.sharedTaskQueue,
          LIGHTSAIL_FLOWS_CODEC_KEYS: stack.codecKeys,
        },
      });
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      child.on('error', reject);
      child.on('exit', (code) => resolve({ code, stderr }));
    });
  }

  for (const c of CASES) {
    it(`${c.procedure}: refuses ${c.why} everywhere, naming ${c.field}${c.rule ? ` as "${c.rule}"` : ''}, starting and changing nothing`, async () => {
      await stack.control.clearAudit();
      const id = `bad-${randomUUID().slice(0, 8)}`;

      const file = join(dir, `${id}.json`);
      writeFileSync(file, JSON.stringify(c.input));
      const viaCli = await cli(['start', c.procedure, '--input', file, '--id', `${id}-cli`]);
      assert.equal(viaCli.code, 2, viaCli.stderr);
      assert.ok(viaCli.stderr.includes(`${c.field}: ${c.rule ?? ''}`), viaCli.stderr);

      const viaApi = await fetch(`${apiUrl}/runs`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': `${id}-api` },
        body: JSON.stringify({ procedure: c.procedure, input: c.input }),
      });
      assert.equal(viaApi.status, 400);
      const body = (await viaApi.json()) as { error: { fields: { path: string; message: string }[] } };
      const field = body.error.fields.find((f) => f.path === `input.${c.field}`);
      assert.ok(field, JSON.stringify(body));
      if (c.rule) assert.equal(field.message, c.rule);

      const handle = await stack.client.workflow.start(PROCEDURES[c.procedure]!.workflowType, {
        taskQueue: stack.sharedTaskQueue,
        workflowId: `${id}-direct`,
        args: [c.input],
      });
      const err = await handle.result().then(
        () => assert.fail('the run should fail'),
        (e: unknown) => e,
      );
      assert.ok(err instanceof WorkflowFailedError && err.cause instanceof ApplicationFailure);
      assert.equal(err.cause.type, 'InvalidInput');
      assert.ok(err.cause.message.includes(`${c.field}: ${c.rule ?? ''}`), err.cause.message);
      const history = await handle.fetchHistory();
      assert.ok(!history.events!.some((e) => e.activityTaskScheduledEventAttributes), 'no activity ran');

      for (const runId of [`${id}-cli`, `${id}-api`]) {
        await assert.rejects(
          stack.client.workflow.getHandle(runId).describe(),
          /not found/i,
          `${runId} never started`,
        );
      }
      const changes = (await stack.control.audit()).filter((a) => !/^Get/.test(a.action));
      assert.deepEqual(changes, [], 'no call changed anything');
    });
  }

  for (const c of EDGE_CASES) {
    const edges = [c.cli && 'the CLI (exit 2)', c.api && `the API (${c.status ?? 400})`].filter(Boolean);
    it(`refuses ${c.why} through ${edges.join(' and ')}, saying ${c.says.source}, with no stack or TypeError`, async () => {
      if (c.cli) {
        const viaCli = await cli(c.cli(files));
        assert.equal(viaCli.code, 2, viaCli.stderr);
        assert.match(viaCli.stderr, c.says);
        if (c.saysNot) assert.doesNotMatch(viaCli.stderr, c.saysNot);
        assert.doesNotMatch(viaCli.stderr, LEAK);
      }
      if (c.api) {
        const res = await fetch(`${apiUrl}${c.api.path}`, {
          method: c.api.method,
          headers: {
            ...(c.api.body !== undefined ? { 'content-type': 'application/json' } : {}),
            ...c.api.headers,
          },
          body:
            c.api.body === undefined || typeof c.api.body === 'string'
              ? c.api.body
              : JSON.stringify(c.api.body),
        });
        const text = await res.text();
        assert.equal(res.status, c.status ?? 400, text);
        const body = JSON.parse(text) as { error: { message: string; fields?: { path: string }[] } };
        assert.match(body.error.message, c.says);
        assert.doesNotMatch(body.error.message, LEAK);
        if (c.field)
          assert.ok(
            body.error.fields?.some((f) => f.path === c.field),
            text,
          );
      }
    });
  }

  it('never writes a token sent by mistake as ?token=, or a webhook ?secret=, to the request log', async () => {
    let log = '';
    const logStream = new Writable({
      write(chunk: Buffer, _encoding, next) {
        log += chunk.toString();
        next();
      },
    });
    const logged = buildApi({
      client: stack.client,
      taskQueue: stack.sharedTaskQueue,
      tokens: { write: [], read: [] },
      triggers: {},
      log: true,
      logStream,
    });
    try {
      await logged.inject({ method: 'GET', url: '/healthz?token=tok-0123456789abcdef&limit=5' });
      await logged.inject({ method: 'POST', url: '/webhooks/dr?secret=sec-0123456789abcdef', payload: {} });
    } finally {
      await logged.close();
    }
    assert.match(log, /\/healthz\?token=\[redacted\]&limit=5/);
    assert.match(log, /\/webhooks\/dr\?secret=\[redacted\]/);
    assert.doesNotMatch(log, /0123456789abcdef/);
  });
});
