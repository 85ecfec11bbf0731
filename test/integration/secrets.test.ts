import { strict as assert } from 'node:assert';
import { randomBytes, randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { defaultPayloadConverter } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { buildCodecServer } from '../../src/codec/codec-server';
import { parseCodecKeys } from '../../src/codec/keys';
import { BLUE_GREEN_WORKFLOW, type BlueGreenDeployInput } from '../../src/schemas/blue-green-deploy';
import type { blueGreenDeploy } from '../../workflows';
import { createRunningService, shopDeployment } from '../support/container-fixtures';
import { uniqueName } from '../support/fixtures';
import { TEST_POLL, testStack, type TestStack } from '../support/stack';

/** Payloads are encrypted before they reach the server; the codec server opens them for token holders. */
describe('secrets: encrypted payloads in history, and the codec server', function () {
  this.timeout(120_000);
  let stack: TestStack;

  before(async function () {
    this.timeout(600_000);
    stack = await testStack();
  });

  /** Runs an in-place release whose container gets `secret` in its environment; returns its raw history. */
  async function releaseWithSecret(secret: string) {
    const service = uniqueName('vault');
    await createRunningService(stack.clients, 'us-east-1', service, shopDeployment('1'));
    const input: BlueGreenDeployInput = {
      strategy: 'in-place',
      region: 'us-east-1',
      serviceName: service,
      deployment: shopDeployment('2', { DB_PASSWORD: secret }),
      verification: { checks: 1, intervalSeconds: 0.1 },
      poll: TEST_POLL,
    };
    const workflowId = `secret-${randomUUID()}`;
    const handle = await stack.client.workflow.start<typeof blueGreenDeploy>(BLUE_GREEN_WORKFLOW, {
      taskQueue: stack.sharedTaskQueue,
      workflowId,
      args: [input],
    });
    await handle.result();
    const { history } = await stack.client.workflowService.getWorkflowExecutionHistory({
      namespace: 'default',
      execution: { workflowId },
    });
    return history!;
  }

  it('never writes a secret of the input to the server: the raw history holds only encrypted payloads', async () => {
    const secret = `pw-${randomBytes(12).toString('hex')}`;
    const history = await releaseWithSecret(secret);
    const raw = Buffer.from(temporal.api.history.v1.History.encode(history).finish());
    assert.ok(raw.includes('binary/encrypted'), 'the payloads are encrypted');
    assert.ok(!raw.includes(secret), 'the secret is nowhere in the raw history');
    // The secret was in there: the run's own client reads it back through the codec.
    const started = history.events![0]!.workflowExecutionStartedEventAttributes!;
    const [decoded] = await stack.client.options.loadedDataConverter.payloadCodecs[0]!.decode(
      started.input!.payloads!,
    );
    assert.match(JSON.stringify(defaultPayloadConverter.fromPayload(decoded!)), new RegExp(secret));
  });

  it('the codec server decodes a payload of the history for a token holder, refuses one without, and answers the UI origin', async () => {
    const secret = `pw-${randomBytes(12).toString('hex')}`;
    const history = await releaseWithSecret(secret);
    const input = history.events![0]!.workflowExecutionStartedEventAttributes!.input!.payloads![0]!;
    const asJson = {
      metadata: Object.fromEntries(
        Object.entries(input.metadata!).map(([k, v]) => [k, Buffer.from(v).toString('base64')]),
      ),
      data: Buffer.from(input.data!).toString('base64'),
    };
    const app = buildCodecServer({
      keys: parseCodecKeys(stack.codecKeys),
      tokens: ['ui-token'],
      allowedOrigins: ['http://localhost:8233'],
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    try {
      const post = (token?: string) =>
        fetch(`${url}/decode`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'x-namespace': 'default',
            ...(token ? { authorization: `Bearer ${token}` } : {}),
          },
          body: JSON.stringify({ payloads: [asJson] }),
        });
      assert.equal((await post()).status, 401);
      assert.equal((await post('wrong')).status, 401);
      const ok = await post('ui-token');
      assert.equal(ok.status, 200);
      const body = (await ok.json()) as { payloads: { data: string }[] };
      assert.match(Buffer.from(body.payloads[0]!.data, 'base64').toString('utf8'), new RegExp(secret));
      const preflight = await fetch(`${url}/decode`, {
        method: 'OPTIONS',
        headers: { origin: 'http://localhost:8233', 'access-control-request-method': 'POST' },
      });
      assert.equal(preflight.status, 204);
      assert.equal(preflight.headers.get('access-control-allow-origin'), 'http://localhost:8233');
      const stranger = await fetch(`${url}/decode`, {
        method: 'OPTIONS',
        headers: { origin: 'https://evil.example' },
      });
      assert.equal(stranger.headers.get('access-control-allow-origin'), null);
    } finally {
      await app.close();
    }
  });
});
