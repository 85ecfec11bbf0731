import { strict as assert } from 'node:assert';
import {
  AttachInstancesToLoadBalancerCommand,
  AttachLoadBalancerTlsCertificateCommand,
  CreateDomainCommand,
  CreateDomainEntryCommand,
  CreateLoadBalancerCommand,
  CreateLoadBalancerTlsCertificateCommand,
  DeleteLoadBalancerCommand,
  DeleteLoadBalancerTlsCertificateCommand,
  DetachInstancesFromLoadBalancerCommand,
  GetInstanceCommand,
  GetLoadBalancerCommand,
  GetLoadBalancersCommand,
  GetLoadBalancerTlsCertificatesCommand,
  GetLoadBalancerTlsPoliciesCommand,
  InvalidInputException,
  NotFoundException,
  StopInstanceCommand,
  TagResourceCommand,
  UpdateLoadBalancerAttributeCommand,
} from '@aws-sdk/client-lightsail';
import { SEEDED } from '../../src/emulator';
import { assertMatchesReference } from './conformance';
import { FAST, useEmulator, waitFor } from './harness';
import { rejectsWith } from './network-helpers';

const east = SEEDED.region;

describe('Lightsail emulator: load balancers', () => {
  const h = useEmulator();
  const client = () => h.lightsail(east);
  const lb = (name = 'web-lb') => client().send(new GetLoadBalancerCommand({ loadBalancerName: name }));
  const health = async () => (await lb()).loadBalancer?.instanceHealthSummary?.map((s) => s.instanceHealth);
  const create = (extra: Record<string, unknown> = {}) =>
    client().send(new CreateLoadBalancerCommand({ loadBalancerName: 'web-lb', instancePort: 80, ...extra }));
  const active = () => waitFor(lb, (l) => l.loadBalancer?.state === 'active', 5000);

  it('creates a load balancer provisioning then active, with every field of the reference', async () => {
    await h.control.setTimeScale(200);
    const created = await create({ tags: [{ key: 'app', value: 'blog' }], healthCheckPath: '/health' });
    assertMatchesReference('CreateLoadBalancer', created);
    assert.equal(created.operations?.[0]?.status, 'Started');
    const first = await lb();
    assertMatchesReference('GetLoadBalancer', first);
    const l = first.loadBalancer!;
    assert.deepEqual(
      [
        l.state,
        l.protocol,
        l.publicPorts,
        l.instancePort,
        l.healthCheckPath,
        l.ipAddressType,
        l.tlsPolicyName,
      ],
      ['provisioning', 'HTTP', [80], 80, '/health', 'dualstack', 'TLS-2016-08'],
    );
    assert.match(l.dnsName ?? '', /^[0-9a-f]{32}-web-lb-\d+\.us-east-1\.elb\.amazonaws\.com$/);
    assert.deepEqual(l.tags, [{ key: 'app', value: 'blog' }]);
    assert.equal(l.configurationOptions?.SessionStickinessEnabled, 'false');
    await active();
    const listed = await client().send(new GetLoadBalancersCommand({}));
    assertMatchesReference('GetLoadBalancers', listed);
    assert.deepEqual(
      listed.loadBalancers?.map((x) => [x.name, x.state]),
      [['web-lb', 'active']],
    );
  });

  const badCreates: [string, Record<string, unknown>, RegExp][] = [
    ['a bad name', { loadBalancerName: 'a b' }, /loadBalancerName "a b" is invalid/],
    ['a port out of range', { instancePort: 70000 }, /instancePort parameter is required: a whole number/],
    ['an unknown ipAddressType', { ipAddressType: 'ipv6' }, /ipAddressType must be one of dualstack, ipv4/],
    ['a certificate name without domain', { certificateName: 'c1' }, /certificateDomainName is required/],
    ['an unknown TLS policy', { tlsPolicyName: 'TLS-1999' }, /tlsPolicyName TLS-1999 is not a TLS policy/],
  ];
  for (const [what, change, message] of badCreates) {
    it(`refuses CreateLoadBalancer with ${what} as InvalidInputException naming the field`, async () => {
      await rejectsWith(create(change), InvalidInputException, message);
    });
  }

  it('allows 5 load balancers per region, then refuses', async () => {
    for (let i = 1; i <= 5; i++) {
      await client().send(new CreateLoadBalancerCommand({ loadBalancerName: `lb-${i}`, instancePort: 80 }));
    }
    await rejectsWith(create(), InvalidInputException, /up to 5 load balancers per region/);
  });

  it('attached instances go initial -> healthy while running, unused when stopped, draining -> unused when detached', async () => {
    await h.control.setTimeScale(200);
    await create();
    await rejectsWith(
      client().send(
        new AttachInstancesToLoadBalancerCommand({
          loadBalancerName: 'web-lb',
          instanceNames: [SEEDED.instance],
        }),
      ),
      InvalidInputException,
      /still provisioning; wait for it to complete/,
    );
    await active();
    const attached = await client().send(
      new AttachInstancesToLoadBalancerCommand({
        loadBalancerName: 'web-lb',
        instanceNames: [SEEDED.instance],
      }),
    );
    assertMatchesReference('AttachInstancesToLoadBalancer', attached);
    const initial = (await lb()).loadBalancer!.instanceHealthSummary![0]!;
    assert.deepEqual(
      [initial.instanceName, initial.instanceHealth, initial.instanceHealthReason],
      [SEEDED.instance, 'initial', 'Lb.InitialHealthChecking'],
    );
    await waitFor(health, (s) => s?.[0] === 'healthy');
    await client().send(new StopInstanceCommand({ instanceName: SEEDED.instance }));
    const stopped = await waitFor(
      lb,
      (l) => l.loadBalancer?.instanceHealthSummary?.[0]?.instanceHealth === 'unused',
    );
    assert.equal(
      stopped.loadBalancer?.instanceHealthSummary?.[0]?.instanceHealthReason,
      'Instance.InvalidState',
    );
    const detached = await client().send(
      new DetachInstancesFromLoadBalancerCommand({
        loadBalancerName: 'web-lb',
        instanceNames: [SEEDED.instance],
      }),
    );
    assertMatchesReference('DetachInstancesFromLoadBalancer', detached);
    assert.deepEqual(await health(), ['draining']);
    const unused = await waitFor(
      lb,
      (l) => l.loadBalancer?.instanceHealthSummary?.[0]?.instanceHealth === 'unused',
    );
    assert.equal(
      unused.loadBalancer?.instanceHealthSummary?.[0]?.instanceHealthReason,
      'Instance.NotRegistered',
    );
  });

  it('refuses to attach a stopped or unknown instance and to detach one not attached', async () => {
    await h.control.setTimeScale(FAST);
    await create();
    await active();
    await rejectsWith(
      client().send(
        new AttachInstancesToLoadBalancerCommand({ loadBalancerName: 'web-lb', instanceNames: ['ghost'] }),
      ),
      NotFoundException,
      /Instance does not exist: ghost/,
    );
    await client().send(new StopInstanceCommand({ instanceName: SEEDED.instance }));
    await waitFor(
      () => client().send(new GetInstanceCommand({ instanceName: SEEDED.instance })),
      (i) => i.instance?.state?.name === 'stopped',
    );
    await rejectsWith(
      client().send(
        new AttachInstancesToLoadBalancerCommand({
          loadBalancerName: 'web-lb',
          instanceNames: [SEEDED.instance],
        }),
      ),
      InvalidInputException,
      /must be running before it is attached/,
    );
    await rejectsWith(
      client().send(
        new DetachInstancesFromLoadBalancerCommand({
          loadBalancerName: 'web-lb',
          instanceNames: [SEEDED.instance],
        }),
      ),
      InvalidInputException,
      /web-1 is not attached to the load balancer web-lb/,
    );
    await rejectsWith(
      client().send(
        new AttachInstancesToLoadBalancerCommand({ loadBalancerName: 'nope', instanceNames: ['x1'] }),
      ),
      NotFoundException,
      /LoadBalancer does not exist: nope/,
    );
  });

  it('UpdateLoadBalancerAttribute changes one attribute at a time, validating each value', async () => {
    await create();
    const update = (attributeName: string, attributeValue: string) =>
      client().send(
        new UpdateLoadBalancerAttributeCommand({
          loadBalancerName: 'web-lb',
          attributeName: attributeName as never,
          attributeValue,
        }),
      );
    assertMatchesReference('UpdateLoadBalancerAttribute', await update('HealthCheckPath', '/ping'));
    await update('SessionStickinessEnabled', 'true');
    await update('SessionStickiness_LB_CookieDurationSeconds', '3600');
    await update('TlsPolicyName', 'TLS-FS-Res-1-2-2019-08');
    const l = (await lb()).loadBalancer!;
    assert.deepEqual(
      [
        l.healthCheckPath,
        l.configurationOptions?.SessionStickinessEnabled,
        l.configurationOptions?.SessionStickiness_LB_CookieDurationSeconds,
        l.tlsPolicyName,
      ],
      ['/ping', 'true', '3600', 'TLS-FS-Res-1-2-2019-08'],
    );
    await rejectsWith(
      update('Color', 'blue'),
      InvalidInputException,
      /attributeName must be one of HealthCheckPath/,
    );
    await rejectsWith(
      update('HealthCheckPath', 'ping'),
      InvalidInputException,
      /healthCheckPath "ping" must be a path/,
    );
    await rejectsWith(
      update('SessionStickinessEnabled', 'yes'),
      InvalidInputException,
      /attributeValue for SessionStickinessEnabled must be true or false/,
    );
    await rejectsWith(
      update('SessionStickiness_LB_CookieDurationSeconds', '-5'),
      InvalidInputException,
      /whole number of seconds/,
    );
    await rejectsWith(
      update('TlsPolicyName', 'old'),
      InvalidInputException,
      /TlsPolicyName old is not a TLS policy/,
    );
    await rejectsWith(
      update('HttpsRedirectionEnabled', 'true'),
      InvalidInputException,
      /HttpsRedirectionEnabled needs a TLS certificate attached/,
    );
  });

  it('GetLoadBalancerTlsPolicies lists the policies, one of them the default', async () => {
    const out = await client().send(new GetLoadBalancerTlsPoliciesCommand({}));
    assertMatchesReference('GetLoadBalancerTlsPolicies', out);
    assert.deepEqual(
      out.tlsPolicies?.filter((p) => p.isDefault).map((p) => p.name),
      ['TLS-2016-08'],
    );
    await rejectsWith(
      client().send(new GetLoadBalancerTlsPoliciesCommand({ pageToken: 'x' })),
      InvalidInputException,
      /pageToken x is not valid/,
    );
  });

  it('DeleteLoadBalancer removes it; TagResource reaches it', async () => {
    await create();
    await client().send(new TagResourceCommand({ resourceName: 'web-lb', tags: [{ key: 'k', value: 'v' }] }));
    assert.deepEqual((await lb()).loadBalancer?.tags, [{ key: 'k', value: 'v' }]);
    const deleted = await client().send(new DeleteLoadBalancerCommand({ loadBalancerName: 'web-lb' }));
    assertMatchesReference('DeleteLoadBalancer', deleted);
    await rejectsWith(lb(), NotFoundException, /LoadBalancer does not exist: web-lb/);
    await rejectsWith(
      client().send(new DeleteLoadBalancerCommand({ loadBalancerName: 'web-lb' })),
      NotFoundException,
      /LoadBalancer does not exist: web-lb/,
    );
  });
});

describe('Lightsail emulator: load balancer TLS certificates', () => {
  const h = useEmulator();
  const client = () => h.lightsail(east);
  const listed = () =>
    client().send(new GetLoadBalancerTlsCertificatesCommand({ loadBalancerName: 'web-lb' }));
  const certs = async () => (await listed()).tlsCertificates ?? [];
  const setup = async () => {
    await client().send(new CreateLoadBalancerCommand({ loadBalancerName: 'web-lb', instancePort: 80 }));
  };

  it('a certificate is PENDING_VALIDATION until its validation records are entries of a Lightsail domain, then ISSUED', async () => {
    // 600 AWS seconds of the time rule take 60 s here: only the DNS records can issue it in the test.
    await h.control.setTimeScale(10);
    await setup();
    await client().send(new CreateDomainCommand({ domainName: 'example.com' }));
    const created = await client().send(
      new CreateLoadBalancerTlsCertificateCommand({
        loadBalancerName: 'web-lb',
        certificateName: 'site',
        certificateDomainName: 'example.com',
        certificateAlternativeNames: ['www.example.com', 'example.com'],
        tags: [{ key: 'k', value: 'v' }],
      }),
    );
    assertMatchesReference('CreateLoadBalancerTlsCertificate', created);
    const pendingAnswer = await listed();
    const [pending] = pendingAnswer.tlsCertificates ?? [];
    assertMatchesReference('GetLoadBalancerTlsCertificates', pendingAnswer, {
      absent: [
        'tlsCertificates.' + 'failureReason',
        'tlsCertificates.revocationReason',
        'tlsCertificates.revokedAt',
      ].concat(['issuedAt', 'notAfter', 'notBefore'].map((f) => `tlsCertificates.${f}`)),
    });
    assert.deepEqual(
      [pending?.status, pending?.subjectAlternativeNames],
      ['PENDING_VALIDATION', ['example.com', 'www.example.com']],
    );
    const records = pending!.domainValidationRecords!;
    assert.equal(records.length, 2);
    for (const [i, record] of records.entries()) {
      assert.equal(record.type, 'CNAME');
      await client().send(
        new CreateDomainEntryCommand({
          domainName: 'example.com',
          domainEntry: { name: record.name, type: 'CNAME', target: record.value },
        }),
      );
      if (i === 0) assert.equal((await certs())[0]?.status, 'PENDING_VALIDATION');
    }
    const issuedAnswer = await listed();
    const [issued] = issuedAnswer.tlsCertificates ?? [];
    assertMatchesReference('GetLoadBalancerTlsCertificates', issuedAnswer, {
      absent: [
        'tlsCertificates.failureReason',
        'tlsCertificates.revocationReason',
        'tlsCertificates.revokedAt',
      ],
    });
    assert.equal(issued?.status, 'ISSUED');
    assert.ok(issued?.issuedAt instanceof Date);
    assert.ok(issued.notAfter!.getTime() > issued.issuedAt.getTime());
    assert.deepEqual(issued.tags, [{ key: 'k', value: 'v' }]);
  });

  it('without a DNS record a certificate is ISSUED after the set time; attach switches the load balancer to HTTPS', async () => {
    await h.control.setTimeScale(FAST);
    await setup();
    await client().send(
      new CreateLoadBalancerTlsCertificateCommand({
        loadBalancerName: 'web-lb',
        certificateName: 'site',
        certificateDomainName: 'example.org',
      }),
    );
    await rejectsWith(
      client().send(
        new AttachLoadBalancerTlsCertificateCommand({ loadBalancerName: 'web-lb', certificateName: 'site' }),
      ),
      InvalidInputException,
      /certificate site is PENDING_VALIDATION: only an ISSUED certificate can be attached/,
    );
    await waitFor(certs, (c) => c[0]?.status === 'ISSUED');
    const attached = await client().send(
      new AttachLoadBalancerTlsCertificateCommand({ loadBalancerName: 'web-lb', certificateName: 'site' }),
    );
    assertMatchesReference('AttachLoadBalancerTlsCertificate', attached);
    const l = (await client().send(new GetLoadBalancerCommand({ loadBalancerName: 'web-lb' }))).loadBalancer!;
    assert.deepEqual(
      [l.protocol, l.publicPorts, l.tlsCertificateSummaries],
      ['HTTP_HTTPS', [80, 443], [{ name: 'site', isAttached: true }]],
    );
    await client().send(
      new UpdateLoadBalancerAttributeCommand({
        loadBalancerName: 'web-lb',
        attributeName: 'HttpsRedirectionEnabled',
        attributeValue: 'true',
      }),
    );
    await rejectsWith(
      client().send(
        new DeleteLoadBalancerTlsCertificateCommand({ loadBalancerName: 'web-lb', certificateName: 'site' }),
      ),
      InvalidInputException,
      /attached to web-lb; set force to true/,
    );
    const deleted = await client().send(
      new DeleteLoadBalancerTlsCertificateCommand({
        loadBalancerName: 'web-lb',
        certificateName: 'site',
        force: true,
      }),
    );
    assertMatchesReference('DeleteLoadBalancerTlsCertificate', deleted);
    const after = (await client().send(new GetLoadBalancerCommand({ loadBalancerName: 'web-lb' })))
      .loadBalancer!;
    assert.deepEqual([after.protocol, after.httpsRedirectionEnabled, await certs()], ['HTTP', false, []]);
  });

  it('CreateLoadBalancer with a certificate makes it too; limits and bad names are refused', async () => {
    await client().send(
      new CreateLoadBalancerCommand({
        loadBalancerName: 'web-lb',
        instancePort: 8080,
        certificateName: 'first',
        certificateDomainName: 'example.net',
      }),
    );
    assert.deepEqual(
      (await certs()).map((c) => [c.name, c.domainName, c.loadBalancerName]),
      [['first', 'example.net', 'web-lb']],
    );
    const make = (certificateName: string, certificateDomainName = 'example.net', alt?: string[]) =>
      client().send(
        new CreateLoadBalancerTlsCertificateCommand({
          loadBalancerName: 'web-lb',
          certificateName,
          certificateDomainName,
          certificateAlternativeNames: alt,
        }),
      );
    await rejectsWith(make('wild', '*.example.net'), InvalidInputException, /wildcards are not supported/);
    await rejectsWith(
      make('bad', 'not a domain'),
      InvalidInputException,
      /certificateDomainName "not a domain" is not a valid domain/,
    );
    await rejectsWith(
      make(
        'many',
        'example.net',
        Array.from({ length: 10 }, (_, i) => `s${i}.example.net`),
      ),
      InvalidInputException,
      /at most 9 alternative names/,
    );
    await rejectsWith(make('-x'), InvalidInputException, /certificateName "-x" is invalid/);
    await make('second');
    await rejectsWith(make('third'), InvalidInputException, /up to 2 certificates/);
    await rejectsWith(
      client().send(new GetLoadBalancerTlsCertificatesCommand({ loadBalancerName: 'nope' })),
      NotFoundException,
      /LoadBalancer does not exist: nope/,
    );
    await rejectsWith(
      client().send(
        new DeleteLoadBalancerTlsCertificateCommand({ loadBalancerName: 'web-lb', certificateName: 'ghost' }),
      ),
      NotFoundException,
      /LoadBalancerTlsCertificate does not exist: ghost/,
    );
  });
});
