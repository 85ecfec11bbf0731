import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { strict as assert } from 'node:assert';
import {
  GetBlueprintsCommand,
  GetBundlesCommand,
  GetInstancesCommand,
  GetRegionsCommand,
  InvalidInputException,
  LightsailClient,
} from '@aws-sdk/client-lightsail';
import { LOCAL_EMULATOR_CREDENTIALS } from '../../src/emulator';
import { REFERENCE_ACTIONS } from '../../src/emulator/reference/actions';
import { createRegistry } from '../../src/emulator/resources';
import { LIGHTSAIL_REGIONS } from '../../src/lightsail-facts';
import { signedRequest } from '../support/signed-request';
import { FAST, useEmulator } from './harness';

/** Lightsail's JSON 1.1 protocol as the emulator speaks it, below what the SDK hides. */
describe('Lightsail emulator: wire protocol', () => {
  const h = useEmulator();

  it('answers a name that is not a Lightsail action 400 UnknownOperationException naming it, with a request id and the JSON 1.1 content type', async () => {
    const res = await signedRequest(h.running.url, {
      region: 'us-east-1',
      action: 'CreateTeleporter',
      body: '{}',
      credentials: LOCAL_EMULATOR_CREDENTIALS,
    });
    assert.equal(res.status, 400);
    assert.equal(res.headers.get('content-type'), 'application/x-amz-json-1.1');
    assert.match(res.headers.get('x-amzn-requestid') ?? '', /^[0-9a-f-]{36}$/);
    const body = (await res.json()) as { __type: string; Message: string };
    assert.equal(body.__type, 'com.amazon.coral.service#UnknownOperationException');
    assert.match(body.Message, /CreateTeleporter is not a Lightsail action/);
  });

  it('answers a Lightsail action it does not emulate UnknownOperationException saying so', async function () {
    // Whichever action of the reference is still missing; once all are emulated, nothing to test.
    const registry = createRegistry();
    const missing = REFERENCE_ACTIONS.find((a) => !registry.get(a));
    if (missing === undefined) this.skip();
    const res = await signedRequest(h.running.url, {
      region: 'us-east-1',
      action: missing,
      body: '{}',
      credentials: LOCAL_EMULATOR_CREDENTIALS,
    });
    assert.equal(res.status, 400);
    const body = (await res.json()) as { __type: string; Message: string };
    assert.equal(body.__type, 'com.amazon.coral.service#UnknownOperationException');
    assert.match(
      body.Message,
      new RegExp(`${missing} is not implemented by the lightsail-flows emulator yet`),
    );
  });

  it('refuses a region Lightsail does not serve, naming it', async () => {
    const client = new LightsailClient({
      region: 'mars-north-1',
      endpoint: h.running.url,
      credentials: LOCAL_EMULATOR_CREDENTIALS,
      maxAttempts: 1,
    });
    try {
      await assert.rejects(
        client.send(new GetInstancesCommand({})),
        (err: unknown) => err instanceof InvalidInputException && /mars-north-1/.test(err.message),
      );
    } finally {
      client.destroy();
    }
  });

  it('sends a real-time Date header whatever the time scale, so the SDK clock does not skew', async () => {
    await h.control.setTimeScale(FAST * 10);
    const res = await signedRequest(h.running.url, {
      region: 'eu-west-1',
      action: 'GetInstances',
      body: '{}',
      credentials: LOCAL_EMULATOR_CREDENTIALS,
    });
    assert.equal(res.status, 200);
    const date = Date.parse(res.headers.get('date') ?? '');
    assert.ok(Math.abs(date - Date.now()) < 5_000, `Date header ${res.headers.get('date')}`);
  });

  it('sends timestamps as epoch seconds of real time', async () => {
    const res = await signedRequest(h.running.url, {
      region: 'us-east-1',
      action: 'GetInstances',
      body: '{}',
      credentials: LOCAL_EMULATOR_CREDENTIALS,
    });
    const body = (await res.json()) as { instances: { createdAt: unknown }[] };
    const createdAt = body.instances[0]?.createdAt;
    assert.equal(typeof createdAt, 'number');
    assert.ok(Math.abs((createdAt as number) - Date.now() / 1000) < 60);
  });

  it('lists the 15 Lightsail regions and the blueprint and bundle catalogue', async () => {
    const client = h.lightsail('us-east-1');
    const regions = await client.send(new GetRegionsCommand({ includeAvailabilityZones: true }));
    assert.deepEqual(regions.regions?.map((r) => r.name).sort(), [...LIGHTSAIL_REGIONS].sort());
    assert.equal(regions.regions?.[0]?.availabilityZones?.[0]?.zoneName, `${regions.regions?.[0]?.name}a`);
    const blueprints = await client.send(new GetBlueprintsCommand({}));
    assert.ok(
      blueprints.blueprints?.some((b) => b.blueprintId === 'wordpress' && b.platform === 'LINUX_UNIX'),
    );
    const bundles = await client.send(new GetBundlesCommand({}));
    assert.ok(bundles.bundles?.some((b) => b.bundleId === 'small_win_3_0'));
  });
});

describe('Lightsail emulator: the SDK example of docs/emulator.md', () => {
  const h = useEmulator();

  it('runs examples/emulator-client.mjs against the emulator and lists the seeded instance and snapshot', async () => {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [join(__dirname, '../../examples/emulator-client.mjs')],
      {
        env: {
          ...process.env,
          LIGHTSAIL_ENDPOINT: h.running.url,
          AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
        },
      },
    );
    assert.match(stdout, /^instance web-1: running$/m);
    assert.match(stdout, /^snapshot web-1-base: available$/m);
  });
});
