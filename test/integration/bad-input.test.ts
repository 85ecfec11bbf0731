import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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

/** Malformed inputs, each with the field its refusal must name. */
const CASES: { procedure: string; why: string; input: unknown; field: string }[] = [
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
    why: 'a disk snapshot with an EC2 instance',
    input: {
      region: 'us-east-1',
      source: { type: 'diskSnapshot', snapshotName: 'data-1-base' },
      ec2: { instanceType: 't3.micro' },
    },
    field: 'ec2',
  },
];

/** Every edge refuses the same malformed inputs, with the field, and nothing runs or changes. */
describe('bad input through the CLI, the API and a direct workflow start', function () {
  this.timeout(120_000);
  let stack: TestStack;
  let api: FastifyInstance;
  let apiUrl: string;
  let dir: string;

  before(async function () {
    this.timeout(600_000);
    stack = await testStack();
    api = buildApi({
      client: stack.client,
      taskQueue: stack.sharedTaskQueue,
      tokens: { write: [], read: [] },
      triggers: {},
    });
    await api.listen({ port: 0, host: '127.0.0.1' });
    apiUrl = `http://127.0.0.1:${(api.server.address() as AddressInfo).port}`;
    dir = mkdtempSync(join(tmpdir(), 'bad-input-'));
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
    it(`${c.procedure}: refuses ${c.why} everywhere, naming ${c.field}, starting and changing nothing`, async () => {
      await stack.control.clearAudit();
      const id = `bad-${randomUUID().slice(0, 8)}`;

      const file = join(dir, `${id}.json`);
      writeFileSync(file, JSON.stringify(c.input));
      const viaCli = await cli(['start', c.procedure, '--input', file, '--id', `${id}-cli`]);
      assert.equal(viaCli.code, 2, viaCli.stderr);
      assert.ok(viaCli.stderr.includes(`${c.field}:`), viaCli.stderr);

      const viaApi = await fetch(`${apiUrl}/runs`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': `${id}-api` },
        body: JSON.stringify({ procedure: c.procedure, input: c.input }),
      });
      assert.equal(viaApi.status, 400);
      const body = (await viaApi.json()) as { error: { fields: { path: string }[] } };
      assert.ok(
        body.error.fields.some((f) => f.path === `input.${c.field}`),
        JSON.stringify(body),
      );

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
      assert.ok(err.cause.message.includes(`${c.field}:`), err.cause.message);
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
});
