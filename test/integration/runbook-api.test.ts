import { strict as assert } from 'node:assert';
import { mkdtempSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildApi } from '../../src/api/server';
import type { Plan } from '../../src/plan/plan';
import { RUNBOOKS_DIR_ENV } from '../../src/runbooks/registry';
import { sha256Hex } from '../../src/runbooks/sha256';
import type { RunbookResult } from '../../src/schemas/runbook';
import { uniqueName } from '../support/fixtures';
import { createTaggedInstances, exampleRunbook } from '../support/runbook-fixtures';
import { TEST_POLL, testStack, type TestStack } from '../support/stack';

const WRITE = 'write-token-0123456789abcdef';

describe('runbooks through the HTTP API: plans, starts by text and by registered name', function () {
  this.timeout(120_000);
  let stack: TestStack;
  let app: FastifyInstance;
  let base: string;
  const before_ = process.env[RUNBOOKS_DIR_ENV];
  const dir = mkdtempSync(join(tmpdir(), 'runbook-api-'));

  before(async function () {
    this.timeout(600_000);
    stack = await testStack();
    process.env[RUNBOOKS_DIR_ENV] = dir;
    writeFileSync(join(dir, 'patch-fleet.yaml'), exampleRunbook('patch-fleet.yaml'));
    app = buildApi({
      client: stack.client,
      taskQueue: stack.sharedTaskQueue,
      tokens: { write: [WRITE], read: [] },
      triggers: {},
      lightsail: stack.clients,
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  });
  after(async () => {
    await app.close();
    if (before_ === undefined) delete process.env[RUNBOOKS_DIR_ENV];
    else process.env[RUNBOOKS_DIR_ENV] = before_;
  });

  const post = async (path: string, body: unknown) => {
    const res = await fetch(`${base}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${WRITE}` },
      body: JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };

  it('POST /plans plans a runbook given as text, reading only', async () => {
    const tag = { key: 'env', value: uniqueName('api') };
    const instance = uniqueName('api');
    await createTaggedInstances(stack.clients, 'us-east-1', [instance], tag);
    const answer = await post('/plans', {
      procedure: 'runbook',
      input: { runbook: { text: exampleRunbook('patch-fleet.yaml') }, params: { tagValue: tag.value } },
    });
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
    const plan = answer.body as unknown as Plan;
    assert.ok(plan.steps.some((s) => s.title.startsWith(`patch[${instance}].reboot: RebootInstance`)));
  });

  it('POST /runs starts a registered runbook by name and pins its text; an unknown name is a 400 naming the field', async () => {
    const tag = { key: 'env', value: uniqueName('api-run') };
    const instance = uniqueName('api-run');
    await createTaggedInstances(stack.clients, 'us-east-1', [instance], tag);
    const started = await post('/runs', {
      procedure: 'runbook',
      input: { runbook: { name: 'patch-fleet' }, params: { tagValue: tag.value }, poll: TEST_POLL },
    });
    assert.equal(started.status, 201, JSON.stringify(started.body));
    const result = (await stack.client.workflow
      .getHandle(started.body.runId as string)
      .result()) as RunbookResult;
    assert.deepEqual(result.outputs.patched, [instance]);
    assert.equal(result.sha256, sha256Hex(exampleRunbook('patch-fleet.yaml')));

    const unknown = await post('/runs', { procedure: 'runbook', input: { runbook: { name: 'nope' } } });
    assert.equal(unknown.status, 400);
    const fields = (unknown.body.error as { fields: { path: string; message: string }[] }).fields;
    assert.deepEqual(
      fields.map((f) => f.path),
      ['input.runbook.name'],
    );
    assert.match(fields[0]!.message, /no runbook "nope" in .* \(registered: patch-fleet\)/);
  });
});
