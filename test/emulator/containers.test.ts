import { strict as assert } from 'node:assert';
import { mkdtempSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateCertificateCommand,
  CreateContainerServiceCommand,
  CreateContainerServiceDeploymentCommand,
  CreateContainerServiceRegistryLoginCommand,
  CreateDistributionCommand,
  DeleteContainerImageCommand,
  DeleteContainerServiceCommand,
  GetCertificatesCommand,
  GetContainerAPIMetadataCommand,
  GetContainerImagesCommand,
  GetContainerLogCommand,
  GetContainerServiceDeploymentsCommand,
  GetContainerServiceMetricDataCommand,
  GetContainerServicePowersCommand,
  GetContainerServicesCommand,
  GetDistributionsCommand,
  InvalidInputException,
  LightsailClient,
  NotFoundException,
  RegisterContainerImageCommand,
  TagResourceCommand,
  UpdateContainerServiceCommand,
  UpdateDistributionCommand,
  type ContainerService,
  type ContainerServiceDeploymentRequest,
} from '@aws-sdk/client-lightsail';
import { LOCAL_EMULATOR_CREDENTIALS, startEmulator } from '../../src/emulator';
import { assertMatchesReference } from './conformance';
import { FAST, useEmulator, waitFor } from './harness';
import { rejectsWith } from './network-helpers';

const REGION = 'eu-west-1';
const DIGEST = `sha256:${'ab'.repeat(32)}`;

/** A deployment of one container `web` serving `image` on port 80, steered by `environment`. */
function deployment(
  image: string,
  environment: Record<string, string> = {},
): ContainerServiceDeploymentRequest {
  return {
    containers: { web: { image, environment, ports: { '80': 'HTTP' } } },
    publicEndpoint: { containerName: 'web', containerPort: 80, healthCheck: { path: '/health' } },
  };
}

/** Fields that appear only in some states: the deployments in flight and the state's detail. */
const ABSENT_WHEN_IDLE = [
  'containerService.currentDeployment',
  'containerService.nextDeployment',
  'containerService.stateDetail',
];

/** GET `path` of `url`, optionally under another Host (fetch cannot set Host; node:http can). */
function served(
  url: string,
  path = '/',
  host?: string,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const target = new URL(path, url);
  return new Promise((resolve, reject) => {
    const req = request(target, { headers: host ? { host } : {} }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let body: Record<string, unknown>;
        try {
          body = JSON.parse(text) as Record<string, unknown>;
        } catch {
          body = { text };
        }
        resolve({ status: res.statusCode ?? 0, body });
      });
    });
    req.on('error', reject);
    req.end();
  });
}

describe('Lightsail emulator: container services', () => {
  const h = useEmulator();
  const client = () => h.lightsail(REGION);

  const getService = (name: string) =>
    client()
      .send(new GetContainerServicesCommand({ serviceName: name }))
      .then((r) => r.containerServices![0]!);

  const untilState = (name: string, state: string, timeoutMs = 3000) =>
    waitFor(
      () => getService(name),
      (s) => s.state === state,
      timeoutMs,
    );

  /** A READY service, with `spec` deployed and ACTIVE when given. */
  async function readyService(
    name: string,
    spec?: ContainerServiceDeploymentRequest,
  ): Promise<ContainerService> {
    await client().send(new CreateContainerServiceCommand({ serviceName: name, power: 'nano', scale: 1 }));
    const ready = await untilState(name, 'READY');
    if (!spec) return ready;
    await client().send(new CreateContainerServiceDeploymentCommand({ serviceName: name, ...spec }));
    return untilState(name, 'RUNNING');
  }

  it('GetContainerServicePowers lists the six powers with every ContainerServicePower field typed', async () => {
    const out = await client().send(new GetContainerServicePowersCommand({}));
    assertMatchesReference('GetContainerServicePowers', out);
    assert.deepEqual(
      out.powers!.map((p) => p.name),
      ['nano', 'micro', 'small', 'medium', 'large', 'xlarge'],
    );
  });

  it('CreateContainerService answers a PENDING service with its stage, which becomes READY; its url answers 503 then 404', async () => {
    // PENDING lasts 300 AWS seconds: 100 ms at FAST, too short for a busy machine to see; 1 s here.
    await h.control.setTimeScale(300);
    const out = await client().send(
      new CreateContainerServiceCommand({
        serviceName: 'shop',
        power: 'micro',
        scale: 2,
        tags: [{ key: 'team', value: 'web' }],
      }),
    );
    assertMatchesReference('CreateContainerService', out, {
      absent: ['containerService.currentDeployment', 'containerService.nextDeployment'],
    });
    const s = out.containerService!;
    assert.equal(s.state, 'PENDING');
    assert.equal(s.stateDetail?.code, 'CREATING_SYSTEM_RESOURCES');
    assert.equal(s.powerId, 'micro-1');
    assert.equal(s.scale, 2);
    assert.match(s.url!, /^http:\/\/localhost:\d+\/$/);
    assert.equal((await served(s.url!)).status, 503);

    const ready = await untilState('shop', 'READY');
    assertMatchesReference(
      'GetContainerServices',
      await client().send(new GetContainerServicesCommand({ serviceName: 'shop' })),
      {
        absent: ABSENT_WHEN_IDLE.map((f) => f.replace('containerService.', 'containerServices.')),
      },
    );
    const answer = await served(ready.url!);
    assert.equal(answer.status, 404);
    assert.match(String(answer.body.text), /no active deployment/);
  });

  it('refuses bad names, powers, scales and a name in use, naming the field', async () => {
    await rejectsWith(
      client().send(new CreateContainerServiceCommand({ serviceName: 'Shop_1', power: 'nano', scale: 1 })),
      InvalidInputException,
      /serviceName Shop_1 is not valid/,
    );
    await rejectsWith(
      client().send(
        new CreateContainerServiceCommand({ serviceName: 'shop', power: 'huge' as never, scale: 1 }),
      ),
      InvalidInputException,
      /power must be one of nano, micro/,
    );
    await rejectsWith(
      client().send(new CreateContainerServiceCommand({ serviceName: 'shop', power: 'nano', scale: 21 })),
      InvalidInputException,
      /scale must be an integer from 1 to 20/,
    );
    await client().send(new CreateContainerServiceCommand({ serviceName: 'shop', power: 'nano', scale: 1 }));
    await rejectsWith(
      client().send(new CreateContainerServiceCommand({ serviceName: 'shop', power: 'nano', scale: 1 })),
      InvalidInputException,
      /already in use/,
    );
    await rejectsWith(
      client().send(new GetContainerServicesCommand({ serviceName: 'nope' })),
      NotFoundException,
      /container service nope does not exist/,
    );
  });

  it('a bad deployment in CreateContainerService is refused and leaves no service behind', async () => {
    const bad = deployment('shop:1');
    bad.publicEndpoint!.containerPort = 8080;
    await rejectsWith(
      client().send(
        new CreateContainerServiceCommand({ serviceName: 'shop', power: 'nano', scale: 1, deployment: bad }),
      ),
      InvalidInputException,
      /containerPort 8080 must be open as HTTP or HTTPS/,
    );
    const out = await client().send(new GetContainerServicesCommand({}));
    assert.deepEqual(out.containerServices, []);
  });

  it('a deployment goes ACTIVATING (service DEPLOYING, with its stage) then ACTIVE (RUNNING), and the url serves it', async () => {
    await readyService('shop');
    const out = await client().send(
      new CreateContainerServiceDeploymentCommand({ serviceName: 'shop', ...deployment('shop:1') }),
    );
    assertMatchesReference('CreateContainerServiceDeployment', out, {
      absent: ['containerService.currentDeployment'],
    });
    const deploying = out.containerService!;
    assert.equal(deploying.state, 'DEPLOYING');
    assert.ok(deploying.stateDetail?.code);
    assert.equal(deploying.nextDeployment?.state, 'ACTIVATING');
    assert.equal(deploying.nextDeployment?.version, 1);
    assert.deepEqual(deploying.nextDeployment?.publicEndpoint?.healthCheck, {
      healthyThreshold: 2,
      intervalSeconds: 5,
      path: '/health',
      successCodes: '200-499',
      timeoutSeconds: 2,
      unhealthyThreshold: 2,
    });

    const running = await untilState('shop', 'RUNNING');
    assert.equal(running.currentDeployment?.state, 'ACTIVE');
    assert.equal(running.nextDeployment, undefined);
    const answer = await served(running.url!, '/catalog?page=2');
    assert.equal(answer.status, 200);
    assert.deepEqual(
      { ...answer.body, host: undefined },
      {
        service: 'shop',
        region: REGION,
        version: 1,
        container: 'web',
        image: 'shop:1',
        path: '/catalog',
        host: undefined,
        status: 200,
      },
    );
    const deployments = await client().send(
      new GetContainerServiceDeploymentsCommand({ serviceName: 'shop' }),
    );
    assertMatchesReference('GetContainerServiceDeployments', deployments);
  });

  it('a deployment that fails its health check ends FAILED, the previous one stays ACTIVE and serving, and the log says why', async () => {
    const before = await readyService('shop', deployment('shop:1'));
    await client().send(
      new CreateContainerServiceDeploymentCommand({
        serviceName: 'shop',
        ...deployment('shop:2', { EMULATOR_HEALTH_CHECK: 'fail' }),
      }),
    );
    const after = await waitFor(
      () => client().send(new GetContainerServiceDeploymentsCommand({ serviceName: 'shop' })),
      (r) => r.deployments![0]!.state === 'FAILED',
    );
    assert.deepEqual(
      after.deployments!.map((d) => [d.version, d.state]),
      [
        [2, 'FAILED'],
        [1, 'ACTIVE'],
      ],
    );
    const service = await getService('shop');
    assert.equal(service.state, 'RUNNING');
    assert.equal(service.currentDeployment?.version, 1);
    assert.equal((await served(before.url!)).body.image, 'shop:1');

    const log = await client().send(
      new GetContainerLogCommand({
        serviceName: 'shop',
        containerName: 'web',
        filterPattern: 'deployment:2',
      }),
    );
    assertMatchesReference('GetContainerLog', log, { absent: ['nextPageToken'] });
    const messages = log.logEvents!.map((e) => e.message);
    assert.ok(
      messages.some((m) =>
        /Health check failed for container "web": GET \/health on port 80 answered 503/.test(m!),
      ),
      messages.join('\n'),
    );
    assert.ok(messages.every((m) => m!.includes('deployment:2')));
  });

  it('a container slower than the health check timeout fails its deployment; a slow one within it serves after its delay', async () => {
    await readyService('shop');
    await client().send(
      new CreateContainerServiceDeploymentCommand({
        serviceName: 'shop',
        ...deployment('shop:1', { EMULATOR_RESPONSE_DELAY_MS: '2500' }),
      }),
    );
    const failed = await waitFor(
      () => client().send(new GetContainerServiceDeploymentsCommand({ serviceName: 'shop' })),
      (r) => r.deployments![0]!.state !== 'ACTIVATING',
    );
    assert.equal(failed.deployments![0]!.state, 'FAILED');
    assert.equal((await getService('shop')).state, 'READY');

    await client().send(
      new CreateContainerServiceDeploymentCommand({
        serviceName: 'shop',
        ...deployment('shop:2', { EMULATOR_RESPONSE_DELAY_MS: '300' }),
      }),
    );
    const running = await untilState('shop', 'RUNNING');
    const started = Date.now();
    const answer = await served(running.url!);
    assert.equal(answer.body.version, 2);
    assert.ok(Date.now() - started >= 290, 'the answer came after the delay');
  });

  it('EMULATOR_FAIL_PATHS answers 500 on those paths only, and EMULATOR_UNHEALTHY_AFTER_SECONDS turns every path to 503 later', async () => {
    const running = await readyService(
      'shop',
      deployment('shop:1', {
        EMULATOR_FAIL_PATHS: '/ready, /checkout',
        EMULATOR_UNHEALTHY_AFTER_SECONDS: '1500',
      }),
    );
    assert.equal((await served(running.url!, '/ready')).status, 500);
    assert.equal((await served(running.url!, '/checkout')).status, 500);
    assert.equal((await served(running.url!, '/')).status, 200);
    // 1500 AWS seconds are 500 ms at the test's time scale.
    await waitFor(
      () => served(running.url!, '/'),
      (r) => r.status === 503,
    );
  });

  it('refuses a deployment while another is activating, and bad specifications naming the field', async () => {
    await readyService('shop');
    // DEPLOYING lasts 180 AWS seconds: 60 ms at FAST, too short for a busy machine to see; 1.8 s here.
    await h.control.setTimeScale(100);
    await client().send(
      new CreateContainerServiceDeploymentCommand({ serviceName: 'shop', ...deployment('a:1') }),
    );
    await rejectsWith(
      client().send(
        new CreateContainerServiceDeploymentCommand({ serviceName: 'shop', ...deployment('a:2') }),
      ),
      InvalidInputException,
      /is DEPLOYING; wait until it is READY, RUNNING or DISABLED/,
    );
    await untilState('shop', 'RUNNING', 10_000);
    const cases: [ContainerServiceDeploymentRequest, RegExp][] = [
      [{ containers: {} }, /containers is required/],
      [{ containers: { bad_name: { image: 'x' } } }, /container name bad_name is not valid/],
      [{ containers: { web: { image: '' } } }, /containers.web.image is required/],
      [
        { containers: { web: { image: 'x', ports: { '80': 'SCTP' as never } } } },
        /ports.80 must be one of HTTP, HTTPS, TCP, UDP/,
      ],
      [
        { ...deployment('x'), publicEndpoint: { containerName: 'api', containerPort: 80 } },
        /containerName api is not one of the deployment's containers \(web\)/,
      ],
      [
        {
          ...deployment('x'),
          publicEndpoint: { containerName: 'web', containerPort: 80, healthCheck: { intervalSeconds: 1 } },
        },
        /healthCheck.intervalSeconds must be an integer from 5 to 300/,
      ],
      [
        {
          ...deployment('x'),
          publicEndpoint: {
            containerName: 'web',
            containerPort: 80,
            healthCheck: { successCodes: '100-600' },
          },
        },
        /successCodes must be HTTP codes from 200 to 499/,
      ],
      [deployment(':shop.site.1'), /image :shop.site.1 is not registered on shop/],
      [deployment(':other.site.1'), /is not an image of the container service shop/],
    ];
    for (const [spec, message] of cases) {
      await rejectsWith(
        client().send(new CreateContainerServiceDeploymentCommand({ serviceName: 'shop', ...spec })),
        InvalidInputException,
        message,
      );
    }
    const deployments = await client().send(
      new GetContainerServiceDeploymentsCommand({ serviceName: 'shop' }),
    );
    assert.equal(deployments.deployments!.length, 1, 'no refused deployment was recorded');
  });

  it('registers images with growing versions, deploys :label.latest, and refuses to delete an image in use', async () => {
    await readyService('shop');
    const first = await client().send(
      new RegisterContainerImageCommand({ serviceName: 'shop', label: 'site', digest: DIGEST }),
    );
    assertMatchesReference('RegisterContainerImage', first);
    assert.equal(first.containerImage!.image, ':shop.site.1');
    const second = await client().send(
      new RegisterContainerImageCommand({ serviceName: 'shop', label: 'site', digest: DIGEST }),
    );
    assert.equal(second.containerImage!.image, ':shop.site.2');
    const images = await client().send(new GetContainerImagesCommand({ serviceName: 'shop' }));
    assertMatchesReference('GetContainerImages', images);
    assert.deepEqual(
      images.containerImages!.map((i) => i.image),
      [':shop.site.2', ':shop.site.1'],
    );
    await rejectsWith(
      client().send(
        new RegisterContainerImageCommand({ serviceName: 'shop', label: 'site', digest: 'latest' }),
      ),
      InvalidInputException,
      /digest latest is not valid/,
    );

    await client().send(
      new CreateContainerServiceDeploymentCommand({ serviceName: 'shop', ...deployment(':shop.site.1') }),
    );
    await untilState('shop', 'RUNNING');
    await rejectsWith(
      client().send(new DeleteContainerImageCommand({ serviceName: 'shop', image: ':shop.site.1' })),
      InvalidInputException,
      /used by a deployment/,
    );
    assertMatchesReference(
      'DeleteContainerImage',
      await client().send(new DeleteContainerImageCommand({ serviceName: 'shop', image: ':shop.site.2' })),
    );
    await rejectsWith(
      client().send(new DeleteContainerImageCommand({ serviceName: 'shop', image: ':shop.site.2' })),
      NotFoundException,
      /not registered/,
    );
    // A deleted version is not reused.
    const third = await client().send(
      new RegisterContainerImageCommand({ serviceName: 'shop', label: 'site', digest: DIGEST }),
    );
    assert.equal(third.containerImage!.image, ':shop.site.3');
    await client().send(
      new CreateContainerServiceDeploymentCommand({
        serviceName: 'shop',
        ...deployment(':shop.site.latest'),
      }),
    );
  });

  it('UpdateContainerService changes power and scale through UPDATING, and disabling stops serving until enabled', async () => {
    const running = await readyService('shop', deployment('shop:1'));
    // UPDATING lasts 120 AWS seconds: 40 ms at FAST, too short for a busy machine to see; 1.2 s here.
    await h.control.setTimeScale(100);
    const updated = await client().send(
      new UpdateContainerServiceCommand({ serviceName: 'shop', power: 'small', scale: 3 }),
    );
    assertMatchesReference('UpdateContainerService', updated, {
      absent: ['containerService.nextDeployment'],
    });
    assert.equal(updated.containerService!.state, 'UPDATING');
    await rejectsWith(
      client().send(new UpdateContainerServiceCommand({ serviceName: 'shop', scale: 2 })),
      InvalidInputException,
      /is UPDATING/,
    );
    const after = await untilState('shop', 'RUNNING', 10_000);
    assert.equal(after.power, 'small');
    assert.equal(after.powerId, 'small-1');
    assert.equal(after.scale, 3);

    await client().send(new UpdateContainerServiceCommand({ serviceName: 'shop', isDisabled: true }));
    await untilState('shop', 'DISABLED', 10_000);
    assert.equal((await served(running.url!)).status, 503);
    await rejectsWith(
      client().send(
        new CreateContainerServiceDeploymentCommand({ serviceName: 'shop', ...deployment('shop:2') }),
      ),
      InvalidInputException,
      /is disabled/,
    );
    await client().send(new UpdateContainerServiceCommand({ serviceName: 'shop', isDisabled: false }));
    await untilState('shop', 'RUNNING', 10_000);
    assert.equal((await served(running.url!)).body.version, 1);
    await rejectsWith(
      client().send(new UpdateContainerServiceCommand({ serviceName: 'shop' })),
      InvalidInputException,
      /needs at least one of power, scale, isDisabled and publicDomainNames/,
    );
  });

  it('public domain names need an ISSUED certificate of the region that covers them; the service answers only hosts it knows', async () => {
    const running = await readyService('shop', deployment('shop:1'));
    await rejectsWith(
      client().send(
        new UpdateContainerServiceCommand({
          serviceName: 'shop',
          publicDomainNames: { 'shop-cert': ['shop.example.com'] },
        }),
      ),
      NotFoundException,
      /certificate shop-cert does not exist in this region/,
    );
    await client().send(
      new CreateCertificateCommand({ certificateName: 'shop-cert', domainName: 'shop.example.com' }),
    );
    await rejectsWith(
      client().send(
        new UpdateContainerServiceCommand({
          serviceName: 'shop',
          publicDomainNames: { 'shop-cert': ['shop.example.com'] },
        }),
      ),
      InvalidInputException,
      /not ISSUED yet/,
    );
    await waitFor(
      () =>
        client().send(
          new GetCertificatesCommand({ certificateName: 'shop-cert', includeCertificateDetails: true }),
        ),
      (r) => r.certificates?.[0]?.certificateDetail?.status === 'ISSUED',
    );
    await rejectsWith(
      client().send(
        new UpdateContainerServiceCommand({
          serviceName: 'shop',
          publicDomainNames: { 'shop-cert': ['www.example.com'] },
        }),
      ),
      InvalidInputException,
      /does not cover www.example.com/,
    );
    assert.equal((await served(running.url!, '/', 'shop.example.com')).status, 404);
    await client().send(
      new UpdateContainerServiceCommand({
        serviceName: 'shop',
        publicDomainNames: { 'shop-cert': ['shop.example.com'] },
      }),
    );
    await untilState('shop', 'RUNNING');
    assert.deepEqual((await getService('shop')).publicDomainNames, { 'shop-cert': ['shop.example.com'] });
    const answer = await served(running.url!, '/', 'shop.example.com');
    assert.equal(answer.status, 200);
    assert.equal(answer.body.host, 'shop.example.com');
  });

  it('a distribution forwards to its container service origin, whose public domains gain the distribution domain, and follows an origin switch', async () => {
    await readyService('blue', deployment('shop:1'));
    await readyService('green', deployment('shop:2'));
    const cdn = h.lightsail('us-east-1');
    const created = await cdn.send(
      new CreateDistributionCommand({
        distributionName: 'pair-cdn',
        origin: { name: 'blue', regionName: REGION },
        defaultCacheBehavior: { behavior: 'dont-cache' },
        bundleId: 'small_1_0',
      }),
    );
    const domain = created.distribution!.domainName!;
    assert.deepEqual((await getService('blue')).publicDomainNames, { 'pair-cdn': [domain] });
    await waitFor(
      () => cdn.send(new GetDistributionsCommand({ distributionName: 'pair-cdn' })),
      (r) => r.distributions![0]!.status === 'Deployed',
    );
    const viaCdn = await served(`http://${domain}/`, '/page');
    assert.equal(viaCdn.status, 200);
    assert.equal(viaCdn.body.service, 'blue');
    assert.equal(viaCdn.body.host, domain);

    await cdn.send(
      new UpdateDistributionCommand({
        distributionName: 'pair-cdn',
        origin: { name: 'green', regionName: REGION },
      }),
    );
    assert.deepEqual((await getService('green')).publicDomainNames, { 'pair-cdn': [domain] });
    await waitFor(
      () => cdn.send(new GetDistributionsCommand({ distributionName: 'pair-cdn' })),
      (r) => r.distributions![0]!.status === 'Deployed',
    );
    assert.equal((await served(`http://${domain}/`)).body.service, 'green');

    // A service that no longer knows the distribution's domain refuses its requests.
    await client().send(new UpdateContainerServiceCommand({ serviceName: 'green', publicDomainNames: {} }));
    const refused = await served(`http://${domain}/`);
    assert.equal(refused.status, 404);
    assert.match(String(refused.body.text), /does not serve the host/);
  });

  it('a fault rule with operationFailure fails the deployment with its reason, leaving the service READY', async () => {
    await readyService('shop');
    await h.control.setFaults([
      {
        actions: ['CreateContainerServiceDeployment'],
        operationFailure: {
          errorCode: 'ImagePullFailed',
          errorDetails: 'The image shop:1 could not be pulled.',
        },
      },
    ]);
    await client().send(
      new CreateContainerServiceDeploymentCommand({ serviceName: 'shop', ...deployment('shop:1') }),
    );
    const deployments = await waitFor(
      () => client().send(new GetContainerServiceDeploymentsCommand({ serviceName: 'shop' })),
      (r) => r.deployments![0]!.state === 'FAILED',
    );
    assert.equal(deployments.deployments!.length, 1);
    assert.equal((await getService('shop')).state, 'READY');
    const log = await client().send(
      new GetContainerLogCommand({ serviceName: 'shop', containerName: 'web' }),
    );
    assert.ok(
      log.logEvents!.some((e) => /ImagePullFailed: The image shop:1 could not be pulled/.test(e.message!)),
    );
  });

  it('GetContainerServiceMetricData answers a datapoint a period with the asked statistics, refusing a bad period', async () => {
    await readyService('shop');
    const now = Math.floor(Date.now() / 1000);
    const out = await client().send(
      new GetContainerServiceMetricDataCommand({
        serviceName: 'shop',
        metricName: 'CPUUtilization',
        startTime: new Date((now - 3600) * 1000),
        endTime: new Date((now + 3600) * 1000),
        period: 60,
        statistics: ['Average', 'Maximum', 'Minimum', 'Sum', 'SampleCount'],
      }),
    );
    assertMatchesReference('GetContainerServiceMetricData', out);
    // The service is moments old: only the period holding its creation has data.
    assert.equal(out.metricData!.length, 1);
    const point = out.metricData![0]!;
    assert.equal(point.unit, 'Percent');
    assert.ok(point.minimum! <= point.average! && point.average! <= point.maximum!);
    assert.equal(point.sampleCount, 1);
    await rejectsWith(
      client().send(
        new GetContainerServiceMetricDataCommand({
          serviceName: 'shop',
          metricName: 'CPUUtilization',
          startTime: new Date((now - 3600) * 1000),
          endTime: new Date(now * 1000),
          period: 90,
          statistics: ['Average'],
        }),
      ),
      InvalidInputException,
      /period must be a multiple of 60/,
    );
  });

  it('CreateContainerServiceRegistryLogin answers a 12-hour login and GetContainerAPIMetadata the lightsailctl version', async () => {
    const login = await client().send(new CreateContainerServiceRegistryLoginCommand({}));
    assertMatchesReference('CreateContainerServiceRegistryLogin', login);
    const hours = (login.registryLogin!.expiresAt!.getTime() - Date.now()) / 3_600_000;
    assert.ok(hours > 0 && hours <= 12 / FAST + 0.01, 'expires 12 AWS hours from now');
    const state = JSON.stringify(await h.control.state());
    assert.ok(!state.includes(login.registryLogin!.password!), 'the registry password is not kept');
    const metadata = await client().send(new GetContainerAPIMetadataCommand({}));
    assertMatchesReference('GetContainerAPIMetadata', metadata);
  });

  it('tags a container service, and DeleteContainerService stops its url', async () => {
    const running = await readyService('shop', deployment('shop:1'));
    await client().send(
      new TagResourceCommand({ resourceName: 'shop', tags: [{ key: 'env', value: 'prod' }] }),
    );
    assert.deepEqual((await getService('shop')).tags, [{ key: 'env', value: 'prod' }]);
    assertMatchesReference(
      'DeleteContainerService',
      await client().send(new DeleteContainerServiceCommand({ serviceName: 'shop' })),
    );
    await assert.rejects(fetch(running.url!));
    await rejectsWith(
      client().send(new DeleteContainerServiceCommand({ serviceName: 'shop' })),
      NotFoundException,
      /does not exist/,
    );
  });

  it('serves a container service again at its url after a restart from the state file', async () => {
    const stateFile = join(mkdtempSync(join(tmpdir(), 'emulator-state-')), 'state.json');
    const make = (url: string) =>
      new LightsailClient({ region: REGION, endpoint: url, credentials: LOCAL_EMULATOR_CREDENTIALS });
    const first = await startEmulator({ port: 0, timeScale: FAST, seed: false, stateFile });
    const c1 = make(first.url);
    const created = await c1.send(
      new CreateContainerServiceCommand({
        serviceName: 'shop',
        power: 'nano',
        scale: 1,
        deployment: deployment('shop:7'),
      }),
    );
    c1.destroy();
    await first.close();
    const url = created.containerService!.url!;
    await assert.rejects(fetch(url));

    const second = await startEmulator({ port: 0, timeScale: FAST, seed: false, stateFile });
    try {
      const answer = await waitFor(
        () => served(url).catch(() => undefined),
        (r) => r?.status === 200,
      );
      assert.equal(answer?.body.image, 'shop:7');
    } finally {
      await second.close();
    }
  });
});
