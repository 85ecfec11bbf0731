import { strict as assert } from 'node:assert';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateContainerServiceCommand,
  CreateContainerServiceDeploymentCommand,
  CreateInstancesCommand,
  CreateRelationalDatabaseCommand,
  GetContainerServicesCommand,
  LightsailClient,
  SetupInstanceHttpsCommand,
} from '@aws-sdk/client-lightsail';
import { LOCAL_EMULATOR_CREDENTIALS, SEEDED, startEmulator, type RunningEmulator } from '../../src/emulator';
import { EmulatorControl } from '../../src/emulator/control-client';
import { StateFile } from '../../src/emulator/persistence';
import { redactParams } from '../../src/emulator/redaction';
import { FAST, waitFor } from './harness';

const SECRETS = {
  userData: 'export API_TOKEN=tok-userdata-5f1c',
  apiToken: 'tok-env-8b2e',
  stripeKey: 'sk_live_env_41d7',
  deployToken: 'tok-deploy-77aa',
  password: 'db-pass-93f0c1',
  email: 'ops-9c1e@example.com',
};

describe('Lightsail emulator: secrets in the audit', () => {
  let running: RunningEmulator;
  let client: LightsailClient;
  let stateFile: string;

  before(async () => {
    stateFile = join(mkdtempSync(join(tmpdir(), 'emulator-state-')), 'state.json');
    running = await startEmulator({ port: 0, timeScale: FAST, seed: true, stateFile });
    client = new LightsailClient({
      region: 'us-east-1',
      endpoint: running.url,
      credentials: LOCAL_EMULATOR_CREDENTIALS,
      maxAttempts: 1,
    });
  });
  after(async () => {
    client.destroy();
    await running.close();
  });

  it('keeps no userData, container environment value or parameter the model marks sensitive, in the control API or the persisted audit', async () => {
    await client.send(
      new CreateInstancesCommand({
        instanceNames: ['web-2'],
        availabilityZone: 'us-east-1a',
        blueprintId: 'ubuntu_22_04',
        bundleId: 'nano_3_0',
        userData: SECRETS.userData,
      }),
    );
    await client.send(
      new CreateContainerServiceCommand({
        serviceName: 'shop',
        power: 'nano',
        scale: 1,
        deployment: {
          containers: {
            web: {
              image: 'shop:1',
              environment: { API_TOKEN: SECRETS.apiToken, STRIPE_KEY: SECRETS.stripeKey },
            },
          },
        },
      }),
    );
    await waitFor(
      async () =>
        (await client.send(new GetContainerServicesCommand({ serviceName: 'shop' }))).containerServices,
      (services) => services?.[0]?.state === 'READY' || services?.[0]?.state === 'RUNNING',
    );
    await client.send(
      new CreateContainerServiceDeploymentCommand({
        serviceName: 'shop',
        containers: { web: { image: 'shop:2', environment: { DEPLOY_TOKEN: SECRETS.deployToken } } },
      }),
    );
    await client.send(
      new CreateRelationalDatabaseCommand({
        relationalDatabaseName: 'db-1',
        relationalDatabaseBlueprintId: 'mysql_8_0',
        relationalDatabaseBundleId: 'micro_2_0',
        masterDatabaseName: 'app',
        masterUsername: 'admin',
        masterUserPassword: SECRETS.password,
      }),
    );
    // Whether or not the emulator implements it, the call is audited with its parameters.
    await client
      .send(
        new SetupInstanceHttpsCommand({
          instanceName: SEEDED.instance,
          emailAddress: SECRETS.email,
          domainNames: ['example.com'],
          certificateProvider: 'LetsEncrypt',
        }),
      )
      .catch(() => undefined);

    const audit = await new EmulatorControl(running.url).audit();
    const persisted = new StateFile(stateFile).load().audit.entries;
    for (const [where, entries] of [
      ['GET /_emulator/audit', audit],
      ['the state file', persisted],
    ] as const) {
      const text = JSON.stringify(entries);
      for (const [name, secret] of Object.entries(SECRETS)) {
        assert.ok(!text.includes(secret), `${where} holds the ${name} in clear`);
      }
      const create = entries.find((e) => e.action === 'CreateContainerService')!;
      // The names say what was set; only the values are hidden.
      assert.deepEqual(create.params.deployment, {
        containers: { web: { image: 'shop:1', environment: { API_TOKEN: '***', STRIPE_KEY: '***' } } },
      });
      const https = entries.find((e) => e.action === 'SetupInstanceHttps')!;
      assert.equal(https.params.emailAddress, '***');
      assert.deepEqual(https.params.domainNames, ['example.com']);
    }
  });

  it('redacts by the model, the secret keys and the secret-looking names, leaving the rest as it was', () => {
    assert.deepEqual(
      redactParams('SetupInstanceHttps', {
        instanceName: 'web-1',
        emailAddress: 'a@example.com',
        nested: { sessionToken: 't', apiKey: 'k', keep: 1 },
        launch: [{ userData: '#!/bin/sh' }],
        environment: 'not a map',
      }),
      {
        instanceName: 'web-1',
        emailAddress: '***',
        nested: { sessionToken: '***', apiKey: '***', keep: 1 },
        launch: [{ userData: '***' }],
        environment: 'not a map',
      },
    );
    // emailAddress is sensitive for SetupInstanceHttps only: elsewhere it is a contact's address.
    assert.deepEqual(redactParams('CreateContactMethod', { emailAddress: 'a@example.com' }), {
      emailAddress: 'a@example.com',
    });
  });
});
