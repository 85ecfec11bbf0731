import { strict as assert } from 'node:assert';
import type { AddressInfo } from 'node:net';
import { CreateInstanceSnapshotCommand } from '@aws-sdk/client-lightsail';
import type { FastifyInstance } from 'fastify';
import { buildApi } from '../../src/api/server';
import type { Plan } from '../../src/plan/plan';
import { SERIES_TAG_KEY } from '../../src/schemas/copy-snapshot';
import { RUN_TAG_KEY } from '../../src/lightsail/ownership';
import { createDistribution, createRunningService, shopDeployment } from '../support/container-fixtures';
import { createDiskSnapshot, createInstance, createInstanceSnapshot, uniqueName } from '../support/fixtures';
import { testStack, type TestStack } from '../support/stack';

const WRITE = 'write-token-0123456789abcdef';
const READ = 'read-token-0123456789abcdef';

interface ApiAnswer {
  status: number;
  body: Plan & { error?: { code: string; message: string; fields?: { path: string; message: string }[] } };
}

const checkNamed = (plan: Plan, name: string) => {
  const check = plan.checks.find((c) => c.name === name);
  assert.ok(check, `a check named "${name}" in ${JSON.stringify(plan.checks)}`);
  return check;
};

describe('POST /plans over HTTP, reading the emulator through the real SDK', function () {
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
      triggers: {},
      lightsail: stack.clients,
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  });
  after(() => app.close());

  async function plan(procedure: string, input: unknown, token = WRITE): Promise<ApiAnswer> {
    const res = await fetch(`${base}/plans`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ procedure, input }),
    });
    return { status: res.status, body: (await res.json()) as ApiAnswer['body'] };
  }

  /** Arranged once: what every procedure's passing plan reads. */
  async function arrange() {
    const copySource = await createInstanceSnapshot(stack.clients, 'us-east-1', 'plan-copy');
    const disk = await createDiskSnapshot(stack.clients, 'us-east-1', 'plan-disk');
    const blue = uniqueName('plan-blue');
    const green = uniqueName('plan-green');
    const distributionName = uniqueName('plan-cdn');
    await createRunningService(stack.clients, 'us-east-1', blue, shopDeployment('v1'));
    await createDistribution(stack.clients, distributionName, { name: blue, regionName: 'us-east-1' });
    return { copySource, disk, blue, green, distributionName };
  }
  let arranged: Awaited<ReturnType<typeof arrange>>;
  before(async function () {
    this.timeout(120_000);
    arranged = await arrange();
  });

  const copyInput = (snapshotName: string, more: Record<string, unknown> = {}) => ({
    sourceRegion: 'us-east-1',
    targetRegions: ['eu-west-1'],
    source: { type: 'manual', snapshotName },
    ...more,
  });

  it('copy-snapshot: passes for an available source and a free name, and lists the steps the workflow plans', async () => {
    const targetSnapshotName = uniqueName('plan-free');
    const answer = await plan(
      'copy-snapshot',
      copyInput(arranged.copySource.snapshotName, { targetSnapshotName }),
    );
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
    assert.equal(answer.body.ok, true, JSON.stringify(answer.body.checks));
    assert.equal(answer.body.workflowType, 'copySnapshotAcrossRegions');
    assert.equal(checkNamed(answer.body, 'source').status, 'passed');
    assert.equal(checkNamed(answer.body, 'target name in eu-west-1').status, 'passed');
    assert.equal(checkNamed(answer.body, 'target name lock in eu-west-1').status, 'passed');
    assert.deepEqual(
      answer.body.steps.map((s) => s.title),
      [
        'Check source in us-east-1',
        'Copy to eu-west-1',
        'Wait for the copy in eu-west-1',
        'Tag the copy in eu-west-1',
      ],
    );
  });

  it('copy-snapshot: fails naming source.snapshotName when the source snapshot does not exist', async () => {
    const missing = uniqueName('plan-missing');
    const answer = await plan('copy-snapshot', copyInput(missing));
    assert.equal(answer.status, 200);
    assert.equal(answer.body.ok, false);
    const source = checkNamed(answer.body, 'source');
    assert.equal(source.status, 'failed');
    assert.equal(source.field, 'source.snapshotName');
    assert.match(source.reason, new RegExp(`Source snapshot "${missing}" was not found in us-east-1`));
  });

  it('copy-snapshot: fails naming targetSnapshotName when a snapshot in a target region already has the name', async () => {
    const taken = await createInstanceSnapshot(stack.clients, 'eu-west-1', 'plan-taken');
    const answer = await plan(
      'copy-snapshot',
      copyInput(arranged.copySource.snapshotName, { targetSnapshotName: taken.snapshotName }),
    );
    assert.equal(answer.body.ok, false);
    const name = checkNamed(answer.body, 'target name in eu-west-1');
    assert.equal(name.status, 'failed');
    assert.equal(name.field, 'targetSnapshotName');
    assert.match(
      name.reason,
      new RegExp(
        `"${taken.snapshotName}" is already taken in eu-west-1 by an instance snapshot of ${taken.instanceName}`,
      ),
    );
  });

  it('copy-snapshot: names what retention would delete: the series snapshots a run made beyond keep, counting the new copy', async () => {
    const series = uniqueName('plan-series');
    const instanceName = uniqueName('plan-series-src');
    await createInstance(stack.clients, 'eu-west-1', instanceName);
    const client = stack.clients.forRegion('eu-west-1');
    const made: string[] = [];
    for (const label of ['old', 'mid', 'new']) {
      const name = `${instanceName}-${label}`;
      made.push(name);
      await client.send(
        new CreateInstanceSnapshotCommand({
          instanceName,
          instanceSnapshotName: name,
          tags: [
            { key: SERIES_TAG_KEY, value: series },
            { key: RUN_TAG_KEY, value: 'an-earlier-run' },
          ],
        }),
      );
      await new Promise((r) => setTimeout(r, 20)); // distinct creation times
    }
    // Tagged with the series by hand, without a run tag: never retention's to delete.
    await client.send(
      new CreateInstanceSnapshotCommand({
        instanceName,
        instanceSnapshotName: `${instanceName}-by-hand`,
        tags: [{ key: SERIES_TAG_KEY, value: series }],
      }),
    );
    const answer = await plan(
      'copy-snapshot',
      copyInput(arranged.copySource.snapshotName, { retention: { series, keep: 2 } }),
    );
    assert.equal(answer.body.ok, true, JSON.stringify(answer.body.checks));
    assert.deepEqual(answer.body.retention, [
      { region: 'eu-west-1', kind: 'InstanceSnapshot', series, keep: 2, wouldDelete: [made[0], made[1]] },
    ]);
    assert.match(checkNamed(answer.body, 'retention in eu-west-1').reason, /would delete .*-old, .*-mid/);
    assert.equal(answer.body.steps.at(-1)!.title, `Keep the newest 2 of series ${series} in eu-west-1`);
  });

  it('blue-green-deploy: passes, naming the side the distribution serves and saying the idle side would be created', async () => {
    const { blue, green, distributionName } = arranged;
    const answer = await plan('blue-green-deploy', {
      strategy: 'blue-green',
      region: 'us-east-1',
      services: [blue, green],
      distributionName,
      deployment: shopDeployment('v2'),
      afterBake: 'scale-down',
    });
    assert.equal(answer.status, 200);
    assert.equal(answer.body.ok, true, JSON.stringify(answer.body.checks));
    assert.equal(answer.body.facts.serving, blue);
    assert.equal(answer.body.facts.idle, green);
    assert.equal(answer.body.facts['idle exists'], 'no');
    assert.match(
      checkNamed(answer.body, 'idle service').reason,
      new RegExp(`${green} does not exist .* would create it like ${blue}`),
    );
    assert.deepEqual(
      answer.body.steps.map((s) => s.id),
      ['turn', 'find-live', 'prepare-idle', 'deploy', 'verify', 'switch', 'cut-over', 'bake', 'retire'],
    );
  });

  it('blue-green-deploy: fails naming distributionName when the distribution does not exist, and serviceName for a missing service', async () => {
    const { blue, green } = arranged;
    const missing = uniqueName('plan-nocdn');
    const pair = await plan('blue-green-deploy', {
      strategy: 'blue-green',
      region: 'us-east-1',
      services: [blue, green],
      distributionName: missing,
      deployment: shopDeployment('v2'),
    });
    assert.equal(pair.body.ok, false);
    const serving = checkNamed(pair.body, 'serving side');
    assert.equal(serving.field, 'distributionName');
    assert.match(serving.reason, new RegExp(`Distribution ${missing} does not exist`));

    const inPlace = await plan('blue-green-deploy', {
      strategy: 'in-place',
      region: 'us-east-1',
      serviceName: missing,
      deployment: shopDeployment('v2'),
    });
    assert.equal(inPlace.body.ok, false);
    const service = checkNamed(inPlace.body, 'service');
    assert.equal(service.field, 'serviceName');
    assert.match(service.reason, new RegExp(`Container service ${missing} does not exist in us-east-1`));
  });

  it('export-to-ec2: passes for a completed disk snapshot, planning no stack', async () => {
    const answer = await plan('export-to-ec2', {
      region: 'us-east-1',
      source: { type: 'diskSnapshot', snapshotName: arranged.disk.snapshotName },
    });
    assert.equal(answer.body.ok, true, JSON.stringify(answer.body.checks));
    assert.deepEqual(
      answer.body.steps.map((s) => s.id),
      ['check', 'export'],
    );
  });

  it('export-to-ec2: fails for an instance of a blueprint Lightsail cannot export, and for a missing snapshot', async () => {
    const instanceName = uniqueName('plan-cpanel');
    await createInstance(stack.clients, 'us-east-1', instanceName, { blueprintId: 'cpanel_whm_linux' });
    const cpanel = await plan('export-to-ec2', {
      region: 'us-east-1',
      source: { type: 'instance', instanceName },
      ec2: { instanceType: 't3.micro' },
    });
    assert.equal(cpanel.body.ok, false);
    assert.match(
      checkNamed(cpanel.body, 'source').reason,
      /cPanel & WHM for Linux blueprint \(cpanel_whm_linux\)/,
    );

    const missing = uniqueName('plan-nosnap');
    const gone = await plan('export-to-ec2', {
      region: 'us-east-1',
      source: { type: 'instanceSnapshot', snapshotName: missing },
      ec2: { instanceType: 't3.micro' },
    });
    assert.equal(gone.body.ok, false);
    assert.match(
      checkNamed(gone.body, 'source').reason,
      new RegExp(`Instance snapshot "${missing}" was not found in us-east-1`),
    );
  });

  it('answers 400 naming the field for bad input, and 403 for a read-only token, as starting a run does', async () => {
    const bad = await plan('copy-snapshot', {
      sourceRegion: 'us-east-1',
      targetRegions: ['atlantis-1'],
      source: { type: 'manual' },
    });
    assert.equal(bad.status, 400);
    const paths = bad.body.error!.fields!.map((f) => f.path);
    assert.ok(paths.includes('input.targetRegions[0]'), paths.join(', '));
    assert.ok(paths.includes('input.source.snapshotName'), paths.join(', '));
    const unknown = await plan('teleport', {});
    assert.equal(unknown.status, 400);
    assert.equal(unknown.body.error!.fields![0]!.path, 'procedure');
    const readOnly = await plan('copy-snapshot', copyInput(arranged.copySource.snapshotName), READ);
    assert.equal(readOnly.status, 403);
  });

  it('the OpenAPI document lists POST /plans with the plan as its answer', async () => {
    const doc = (await (await fetch(`${base}/openapi.json`)).json()) as {
      paths: Record<string, { post?: unknown }>;
      components: { schemas: Record<string, { properties?: Record<string, unknown> }> };
    };
    assert.ok(doc.paths['/plans']?.post, '/plans');
    assert.deepEqual(Object.keys(doc.components.schemas.plan!.properties!).sort(), [
      'checks',
      'facts',
      'ok',
      'procedure',
      'retention',
      'steps',
      'workflowType',
    ]);
  });

  it('plans of every procedure call only Get actions on Lightsail: nothing changes', async () => {
    const before = Math.max(0, ...(await stack.control.audit()).map((e) => e.seq));
    const instanceName = arranged.copySource.instanceName;
    const plans = await Promise.all([
      plan(
        'copy-snapshot',
        copyInput(arranged.copySource.snapshotName, {
          targetSnapshotName: uniqueName('plan-audit'),
          retention: { series: 'audit', keep: 1 },
          restore: { instanceName: uniqueName('plan-restore') },
        }),
      ),
      plan('copy-snapshot', {
        sourceRegion: 'us-east-1',
        targetRegions: ['eu-west-1'],
        source: { type: 'instance', instanceName },
      }),
      plan('blue-green-deploy', {
        strategy: 'blue-green',
        region: 'us-east-1',
        services: [arranged.blue, arranged.green],
        distributionName: arranged.distributionName,
        deployment: shopDeployment('v3'),
      }),
      plan('blue-green-deploy', {
        strategy: 'in-place',
        region: 'us-east-1',
        serviceName: arranged.blue,
        deployment: shopDeployment('v3'),
      }),
      plan('export-to-ec2', {
        region: 'us-east-1',
        source: { type: 'instance', instanceName },
        ec2: { instanceType: 't3.micro' },
      }),
      plan('export-to-ec2', {
        region: 'us-east-1',
        source: { type: 'diskSnapshot', snapshotName: arranged.disk.snapshotName },
      }),
    ]);
    for (const answer of plans) assert.equal(answer.status, 200, JSON.stringify(answer.body));
    const calls = (await stack.control.audit()).filter((e) => e.seq > before);
    assert.ok(calls.length > 0, 'the plans read Lightsail');
    const writes = calls.filter((e) => !/^(Get|List)/.test(e.action));
    assert.deepEqual(
      writes.map((e) => e.action),
      [],
      'no call changed anything',
    );
  });
});
