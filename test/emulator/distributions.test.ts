import { strict as assert } from 'node:assert';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AttachCertificateToDistributionCommand,
  CreateCertificateCommand,
  CreateDistributionCommand,
  type CreateDistributionCommandInput,
  DeleteCertificateCommand,
  DeleteDistributionCommand,
  DetachCertificateFromDistributionCommand,
  GetCertificatesCommand,
  LightsailClient,
  TagResourceCommand,
  GetDistributionBundlesCommand,
  GetDistributionLatestCacheResetCommand,
  GetDistributionsCommand,
  InvalidInputException,
  NotFoundException,
  ResetDistributionCacheCommand,
  UpdateDistributionBundleCommand,
  UpdateDistributionCommand,
} from '@aws-sdk/client-lightsail';
import { LOCAL_EMULATOR_CREDENTIALS, SEEDED, startEmulator } from '../../src/emulator';
import {
  forwardNowhere,
  type OriginForwarder,
} from '../../src/emulator/resources/domains/distribution-server';
import { assertMatchesReference } from './conformance';
import { FAST, sleep, useEmulator, waitFor } from './harness';

const rejectsWith = (type: new (...args: never[]) => Error, message: RegExp) => (err: unknown) =>
  err instanceof type && message.test(err.message);

const base: CreateDistributionCommandInput = {
  distributionName: 'cdn',
  origin: { name: SEEDED.instance, regionName: 'us-east-1', protocolPolicy: 'http-only' },
  defaultCacheBehavior: { behavior: 'dont-cache' },
  bundleId: 'small_1_0',
};

/** Fields the reference lists that a distribution without a certificate does not have. */
const NO_CERTIFICATE = ['distribution.certificateName'];

/** CDN distributions: API, rollouts, certificates, and serving on their loopback listeners. */
describe('Lightsail emulator: distributions', () => {
  const h = useEmulator();
  const east = () => h.lightsail('us-east-1');
  const get = (name = 'cdn') =>
    east()
      .send(new GetDistributionsCommand({ distributionName: name }))
      .then((r) => r.distributions![0]!);
  /** An origin that names itself and counts its calls, as a stand-in for a running origin. */
  let originCalls = 0;
  const echo: OriginForwarder = (origin, request) => {
    originCalls += 1;
    return Promise.resolve({
      status: 200,
      headers: { 'content-type': 'text/plain' },
      body: Buffer.from(`${origin.name} ${request.url} #${originCalls}`),
    });
  };
  beforeEach(() => {
    originCalls = 0;
    h.running.emulator.distributions.forwarder = echo;
  });
  const fetchText = async (domainName: string, path: string) => {
    const res = await fetch(`http://${domainName}${path}`);
    return { status: res.status, cache: res.headers.get('x-cache'), body: await res.text() };
  };

  it('refuses distribution actions outside us-east-1 with the service message', async () => {
    for (const command of [new CreateDistributionCommand(base), new GetDistributionsCommand({})]) {
      await assert.rejects(
        h.lightsail('eu-west-1').send(command as never),
        rejectsWith(InvalidInputException, /only available in the N\. Virginia \(us-east-1\)/),
      );
    }
  });

  it('lists the distribution bundles', async () => {
    const bundles = await east().send(new GetDistributionBundlesCommand({}));
    assertMatchesReference('GetDistributionBundles', bundles);
    assert.ok(bundles.bundles?.some((b) => b.bundleId === 'small_1_0' && b.isActive === true));
  });

  it('creates a distribution InProgress, then Deployed, with its settings stored and returned', async () => {
    const created = await east().send(
      new CreateDistributionCommand({
        ...base,
        cacheBehaviorSettings: { defaultTTL: 600, forwardedQueryStrings: { option: true } },
        cacheBehaviors: [{ path: 'assets/*', behavior: 'cache' }],
        tags: [{ key: 'app', value: 'blog' }],
      }),
    );
    assertMatchesReference('CreateDistribution', created, { absent: NO_CERTIFICATE });
    const d = created.distribution;
    assert.equal(d?.status, 'InProgress');
    assert.match(d?.domainName ?? '', /^localhost:\d+$/);
    assert.deepEqual(d?.origin, {
      name: SEEDED.instance,
      regionName: 'us-east-1',
      resourceType: 'Instance',
      protocolPolicy: 'http-only',
    });
    assert.equal(d?.cacheBehaviorSettings?.defaultTTL, 600);
    assert.equal(d?.cacheBehaviorSettings?.maximumTTL, 31_536_000);
    assert.deepEqual(d?.cacheBehaviorSettings?.forwardedQueryStrings, {
      option: true,
      queryStringsAllowList: [],
    });
    assert.deepEqual(d?.cacheBehaviors, [{ path: 'assets/*', behavior: 'cache' }]);
    assert.equal(d?.ipAddressType, 'dualstack');
    assert.equal(created.operation?.operationType, 'CreateDistribution');
    assert.equal(created.operation?.status, 'Started');

    const deployed = await waitFor(
      () => east().send(new GetDistributionsCommand({})),
      (r) => r.distributions?.[0]?.status === 'Deployed',
    );
    assertMatchesReference('GetDistributions', deployed, { absent: ['distributions.certificateName'] });
  });

  const badCreates: [
    string,
    Partial<CreateDistributionCommandInput>,
    RegExp,
    typeof InvalidInputException,
  ][] = [
    [
      'an origin that does not exist',
      { origin: { name: 'nope', regionName: 'us-east-1' } },
      /origin\.name: no instance, container service, load balancer or bucket named nope exists in us-east-1/,
      NotFoundException as never,
    ],
    [
      'an origin in another region than its own',
      { origin: { name: SEEDED.instance, regionName: 'eu-west-1' } },
      /named web-1 exists in eu-west-1/,
      NotFoundException as never,
    ],
    [
      'an unknown bundle',
      { bundleId: 'huge_1_0' },
      /bundleId huge_1_0 is not an active distribution bundle/,
      InvalidInputException,
    ],
    [
      'no default cache behavior',
      { defaultCacheBehavior: undefined },
      /defaultCacheBehavior parameter is required/,
      InvalidInputException,
    ],
    [
      'a TTL below the minimum',
      { cacheBehaviorSettings: { minimumTTL: 10, defaultTTL: 5 } },
      /minimumTTL <= defaultTTL <= maximumTTL/,
      InvalidInputException,
    ],
    ['a bad name', { distributionName: 'a b' }, /distributionName "a b" is invalid/, InvalidInputException],
  ];
  for (const [what, change, message, type] of badCreates) {
    it(`refuses a distribution with ${what}`, async () => {
      await assert.rejects(
        east().send(new CreateDistributionCommand({ ...base, ...change })),
        rejectsWith(type, message),
      );
    });
  }

  it('accepts an origin in another region, and answers 502 for origins that are not container services', async () => {
    h.running.emulator.distributions.forwarder = forwardNowhere;
    const created = await east().send(
      new CreateDistributionCommand({
        ...base,
        origin: { name: SEEDED.otherInstance, regionName: SEEDED.otherRegion },
      }),
    );
    await waitFor(get, (d) => d.status === 'Deployed');
    const res = await fetchText(created.distribution!.domainName!, '/');
    assert.equal(res.status, 502);
    assert.match(res.body, /serves only container service origins/);
  });

  it('serves through its domainName, rolls an origin change out edge by edge', async () => {
    const created = await east().send(new CreateDistributionCommand(base));
    const domainName = created.distribution!.domainName!;
    await waitFor(get, (d) => d.status === 'Deployed');
    assert.match((await fetchText(domainName, '/a')).body, /^web-1 \/a #/);

    // 300 AWS seconds of rollout take 1 s at this scale.
    await h.control.setTimeScale(300);
    const updated = await east().send(
      new UpdateDistributionCommand({
        distributionName: 'cdn',
        origin: { name: SEEDED.otherInstance, regionName: SEEDED.otherRegion },
      }),
    );
    assertMatchesReference('UpdateDistribution', updated);
    assert.equal(updated.operation?.operationType, 'UpdateDistribution');
    const during = await get();
    assert.equal(during.status, 'InProgress');
    assert.equal(during.origin?.name, SEEDED.otherInstance);
    const early = [];
    for (let i = 0; i < 10; i++) early.push((await fetchText(domainName, '/')).body.split(' ')[0]);
    assert.ok(
      early.includes('web-1'),
      `early in the rollout most edges still use the old origin: ${early.join(',')}`,
    );
    await waitFor(get, (d) => d.status === 'Deployed', 3000);
    for (let i = 0; i < 10; i++) assert.match((await fetchText(domainName, '/')).body, /^app-1 /);
  });

  it('caches GET responses per path: a hit, then a miss after a reset and after the TTL', async () => {
    await h.control.setTimeScale(FAST);
    const created = await east().send(
      new CreateDistributionCommand({
        ...base,
        defaultCacheBehavior: { behavior: 'cache' },
        // 1500 AWS seconds: 500 ms at the FAST scale.
        cacheBehaviorSettings: { defaultTTL: 1500 },
        cacheBehaviors: [{ path: 'api/*', behavior: 'dont-cache' }],
      }),
    );
    const domainName = created.distribution!.domainName!;
    await waitFor(get, (d) => d.status === 'Deployed');
    const first = await fetchText(domainName, '/index.html');
    assert.deepEqual([first.status, first.cache], [200, 'Miss from cloudfront']);
    const second = await fetchText(domainName, '/index.html');
    assert.deepEqual([second.cache, second.body], ['Hit from cloudfront', first.body]);
    assert.equal((await fetchText(domainName, '/other')).cache, 'Miss from cloudfront');
    assert.equal((await fetchText(domainName, '/api/x')).cache, 'Miss from cloudfront');
    assert.equal((await fetchText(domainName, '/api/x')).cache, 'Miss from cloudfront');

    // Never reset: no time and no status.
    const never = await east().send(new GetDistributionLatestCacheResetCommand({ distributionName: 'cdn' }));
    assert.deepEqual([never.createTime, never.status], [undefined, undefined]);
    const reset = await east().send(new ResetDistributionCacheCommand({ distributionName: 'cdn' }));
    assertMatchesReference('ResetDistributionCache', reset);
    assert.equal(reset.status, 'InProgress');
    assert.equal(reset.operation?.operationType, 'ResetDistributionCache');
    const afterReset = await fetchText(domainName, '/index.html');
    assert.equal(afterReset.cache, 'Miss from cloudfront');
    assert.notEqual(afterReset.body, first.body);
    assert.equal((await fetchText(domainName, '/index.html')).cache, 'Hit from cloudfront');
    const latest = await waitFor(
      () => east().send(new GetDistributionLatestCacheResetCommand({ distributionName: 'cdn' })),
      (r) => r.status === 'Completed',
    );
    assertMatchesReference('GetDistributionLatestCacheReset', latest);
    assert.ok(latest.createTime instanceof Date);

    await sleep(550);
    assert.equal((await fetchText(domainName, '/index.html')).cache, 'Miss from cloudfront');
  });

  it('attaches an issued us-east-1 certificate and detaches it', async () => {
    await east().send(new CreateDistributionCommand(base));
    await east().send(
      new CreateCertificateCommand({
        certificateName: 'cdn-cert',
        domainName: 'example.com',
        subjectAlternativeNames: ['www.example.com'],
      }),
    );
    await assert.rejects(
      east().send(
        new AttachCertificateToDistributionCommand({ distributionName: 'cdn', certificateName: 'cdn-cert' }),
      ),
      rejectsWith(
        InvalidInputException,
        /cdn-cert is PENDING_VALIDATION; only certificates with a status of ISSUED/,
      ),
    );
    await h
      .lightsail('eu-west-1')
      .send(new CreateCertificateCommand({ certificateName: 'eu-cert', domainName: 'example.eu' }));
    await assert.rejects(
      east().send(
        new AttachCertificateToDistributionCommand({ distributionName: 'cdn', certificateName: 'eu-cert' }),
      ),
      rejectsWith(NotFoundException, /only certificates created in us-east-1/),
    );
    // Issued by time: 1800 AWS seconds are 600 ms at the FAST scale.
    await waitFor(
      () => east().send(new GetCertificatesCommand({ certificateStatuses: ['ISSUED'] })),
      (r) => r.certificates?.length === 1,
      3000,
    );
    const attached = await east().send(
      new AttachCertificateToDistributionCommand({ distributionName: 'cdn', certificateName: 'cdn-cert' }),
    );
    assertMatchesReference('AttachCertificateToDistribution', attached);
    let d = await get();
    assert.equal(d.certificateName, 'cdn-cert');
    assert.deepEqual(d.alternativeDomainNames, ['example.com', 'www.example.com']);
    const cert = await east().send(
      new GetCertificatesCommand({ certificateName: 'cdn-cert', includeCertificateDetails: true }),
    );
    assert.equal(cert.certificates?.[0]?.certificateDetail?.inUseResourceCount, 1);
    await assert.rejects(
      east().send(new DeleteCertificateCommand({ certificateName: 'cdn-cert' })),
      rejectsWith(InvalidInputException, /attached to 1 distribution/),
    );

    const detached = await east().send(
      new DetachCertificateFromDistributionCommand({ distributionName: 'cdn' }),
    );
    assertMatchesReference('DetachCertificateFromDistribution', detached);
    d = await get();
    assert.equal(d.certificateName, undefined);
    assert.deepEqual(d.alternativeDomainNames, []);
    await assert.rejects(
      east().send(new DetachCertificateFromDistributionCommand({ distributionName: 'cdn' })),
      rejectsWith(InvalidInputException, /has no certificate attached/),
    );
    await east().send(new DeleteCertificateCommand({ certificateName: 'cdn-cert' }));
  });

  it('changes the bundle once per billing cycle', async () => {
    await east().send(new CreateDistributionCommand(base));
    assert.equal((await get()).ableToUpdateBundle, true);
    const changed = await east().send(
      new UpdateDistributionBundleCommand({ distributionName: 'cdn', bundleId: 'medium_1_0' }),
    );
    assertMatchesReference('UpdateDistributionBundle', changed);
    const d = await get();
    assert.deepEqual([d.bundleId, d.ableToUpdateBundle], ['medium_1_0', false]);
    await assert.rejects(
      east().send(new UpdateDistributionBundleCommand({ distributionName: 'cdn', bundleId: 'large_1_0' })),
      rejectsWith(InvalidInputException, /already changed in this billing cycle/),
    );
  });

  it('updates settings, disables it, deletes it and closes its listener', async () => {
    const created = await east().send(new CreateDistributionCommand(base));
    const domainName = created.distribution!.domainName!;
    await east().send(
      new UpdateDistributionCommand({
        distributionName: 'cdn',
        isEnabled: false,
        cacheBehaviorSettings: {
          defaultTTL: 60,
          forwardedHeaders: { option: 'allow-list', headersAllowList: ['Host'] },
        },
      }),
    );
    const d = await get();
    assert.equal(d.isEnabled, false);
    assert.deepEqual(d.cacheBehaviorSettings?.forwardedHeaders, {
      option: 'allow-list',
      headersAllowList: ['Host'],
    });
    assert.equal((await fetchText(domainName, '/')).status, 403);
    await assert.rejects(
      east().send(new UpdateDistributionCommand({ distributionName: 'cdn' })),
      rejectsWith(InvalidInputException, /needs at least one of origin/),
    );
    await assert.rejects(
      east().send(
        new UpdateDistributionCommand({
          distributionName: 'cdn',
          cacheBehaviorSettings: {
            forwardedHeaders: { option: 'allow-list', headersAllowList: ['X-Custom' as never] },
          },
        }),
      ),
      rejectsWith(InvalidInputException, /headersAllowList must be one of Accept/),
    );

    const deleted = await east().send(new DeleteDistributionCommand({ distributionName: 'cdn' }));
    assertMatchesReference('DeleteDistribution', deleted);
    await assert.rejects(fetch(`http://${domainName}/`));
    await assert.rejects(
      east().send(new GetDistributionsCommand({ distributionName: 'cdn' })),
      rejectsWith(NotFoundException, /Distribution does not exist: cdn/),
    );
    await assert.rejects(
      east().send(new ResetDistributionCacheCommand({ distributionName: 'cdn' })),
      rejectsWith(NotFoundException, /Distribution does not exist: cdn/),
    );
  });
  it('tags distributions and certificates', async () => {
    await east().send(new CreateDistributionCommand(base));
    await east().send(
      new CreateCertificateCommand({ certificateName: 'cdn-cert', domainName: 'example.com' }),
    );
    for (const resourceName of ['cdn', 'cdn-cert']) {
      await east().send(new TagResourceCommand({ resourceName, tags: [{ key: 'env', value: 'prod' }] }));
    }
    assert.deepEqual((await get()).tags, [{ key: 'env', value: 'prod' }]);
    const certs = await east().send(new GetCertificatesCommand({ certificateName: 'cdn-cert' }));
    assert.deepEqual(certs.certificates?.[0]?.tags, [{ key: 'env', value: 'prod' }]);
  });

  it('ends a distribution and a certificate Failed when a fault rule fails their operations', async () => {
    await h.control.setFaults([
      {
        actions: ['CreateDistribution', 'CreateCertificate'],
        operationFailure: { errorCode: 'InternalFailure', errorDetails: 'injected' },
      },
    ]);
    await east().send(new CreateDistributionCommand(base));
    await east().send(
      new CreateCertificateCommand({ certificateName: 'cdn-cert', domainName: 'example.com' }),
    );
    await waitFor(get, (d) => d.status === 'Failed');
    const cert = await east().send(new GetCertificatesCommand({ includeCertificateDetails: true }));
    assert.deepEqual(
      [
        cert.certificates?.[0]?.certificateDetail?.status,
        cert.certificates?.[0]?.certificateDetail?.requestFailureReason,
      ],
      ['FAILED', 'OTHER'],
    );
  });

  it('serves a distribution again on its port after a restart from the state file', async () => {
    const stateFile = join(mkdtempSync(join(tmpdir(), 'emulator-state-')), 'state.json');
    const first = await startEmulator({ port: 0, timeScale: FAST, seed: true, stateFile });
    const client = (url: string) =>
      new LightsailClient({ region: 'us-east-1', endpoint: url, credentials: LOCAL_EMULATOR_CREDENTIALS });
    const c1 = client(first.url);
    const created = await c1.send(new CreateDistributionCommand(base));
    c1.destroy();
    await first.close();
    const domainName = created.distribution!.domainName!;
    await assert.rejects(fetch(`http://${domainName}/`));

    const second = await startEmulator({ port: 0, timeScale: FAST, seed: true, stateFile });
    const c2 = client(second.url);
    try {
      second.emulator.distributions.forwarder = echo;
      await waitFor(
        () => c2.send(new GetDistributionsCommand({ distributionName: 'cdn' })),
        (r) => r.distributions?.[0]?.status === 'Deployed',
      );
      const res = await waitFor(
        () => fetchText(domainName, '/again').catch(() => undefined),
        (r) => r !== undefined,
      );
      assert.match(res!.body, /^web-1 \/again/);
    } finally {
      c2.destroy();
      await second.close();
    }
  });
});
