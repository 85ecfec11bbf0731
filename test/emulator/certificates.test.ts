import { strict as assert } from 'node:assert';
import {
  CreateCertificateCommand,
  CreateDomainCommand,
  CreateDomainEntryCommand,
  DeleteCertificateCommand,
  GetCertificatesCommand,
  InvalidInputException,
  NotFoundException,
} from '@aws-sdk/client-lightsail';
import { assertMatchesReference } from './conformance';
import { useEmulator, waitFor } from './harness';

const rejectsWith = (type: new (...args: never[]) => Error, message: RegExp) => (err: unknown) =>
  err instanceof type && message.test(err.message);

/** Fields of a Certificate that appear only once it is issued, failed or revoked. */
const PENDING_ABSENT = [
  'certificateDetail.issuedAt',
  'certificateDetail.notBefore',
  'certificateDetail.notAfter',
  'certificateDetail.serialNumber',
  'certificateDetail.renewalSummary',
  'certificateDetail.requestFailureReason',
  'certificateDetail.revocationReason',
  'certificateDetail.revokedAt',
];

/** Certificates: DNS validation records, issued by a record in a Lightsail domain or by time. */
describe('Lightsail emulator: certificates', () => {
  const h = useEmulator();
  const east = () => h.lightsail('us-east-1');
  const details = (name: string) =>
    east()
      .send(new GetCertificatesCommand({ certificateName: name, includeCertificateDetails: true }))
      .then((r) => r.certificates?.[0]?.certificateDetail);

  it('creates a certificate pending validation with a CNAME validation record per domain name', async () => {
    const created = await east().send(
      new CreateCertificateCommand({
        certificateName: 'site-cert',
        domainName: 'example.com',
        subjectAlternativeNames: ['www.example.com'],
        tags: [{ key: 'app', value: 'site' }],
      }),
    );
    assertMatchesReference('CreateCertificate', created, {
      absent: PENDING_ABSENT.map((p) => `certificate.${p}`),
    });
    assert.equal(created.operations?.[0]?.operationType, 'CreateCertificate');
    const detail = created.certificate?.certificateDetail;
    assert.equal(detail?.status, 'PENDING_VALIDATION');
    assert.deepEqual(detail?.subjectAlternativeNames, ['example.com', 'www.example.com']);
    assert.deepEqual(
      detail?.domainValidationRecords?.map((r) => [r.domainName, r.resourceRecord?.type]),
      [
        ['example.com', 'CNAME'],
        ['www.example.com', 'CNAME'],
      ],
    );
    const record = detail?.domainValidationRecords?.[1]?.resourceRecord;
    assert.match(record?.name ?? '', /^_[0-9a-f]{32}\.www\.example\.com\.$/);
    assert.match(record?.value ?? '', /^_[0-9a-f]{32}\.[0-9a-f]{10}\.acm-validations\.aws\.$/);

    const summaries = await east().send(new GetCertificatesCommand({}));
    assertMatchesReference('GetCertificates', summaries, { absent: ['certificates.certificateDetail'] });
    assert.deepEqual(
      summaries.certificates?.map((c) => [c.certificateName, c.domainName, c.certificateDetail]),
      [['site-cert', 'example.com', undefined]],
    );
  });

  it('issues a certificate soon after its validation records appear in a Lightsail domain', async () => {
    // Slow enough that the time-based issue (1800 AWS s = 18 s here) cannot be the cause.
    await h.control.setTimeScale(100);
    await east().send(new CreateDomainCommand({ domainName: 'example.com' }));
    const created = await east().send(
      new CreateCertificateCommand({
        certificateName: 'site-cert',
        domainName: 'example.com',
        subjectAlternativeNames: ['www.example.com'],
      }),
    );
    const records = created.certificate?.certificateDetail?.domainValidationRecords ?? [];
    // One record is not enough.
    await east().send(
      new CreateDomainEntryCommand({
        domainName: 'example.com',
        domainEntry: {
          name: records[0]!.resourceRecord!.name,
          type: 'CNAME',
          target: records[0]!.resourceRecord!.value,
        },
      }),
    );
    await new Promise((r) => setTimeout(r, 800));
    assert.equal((await details('site-cert'))?.status, 'PENDING_VALIDATION');
    await east().send(
      new CreateDomainEntryCommand({
        domainName: 'example.com',
        domainEntry: {
          name: records[1]!.resourceRecord!.name,
          type: 'CNAME',
          target: records[1]!.resourceRecord!.value,
        },
      }),
    );
    const issued = await waitFor(
      () => details('site-cert'),
      (d) => d?.status === 'ISSUED',
      3000,
    );
    assert.ok(issued?.issuedAt instanceof Date);
    assert.ok(issued.notAfter!.getTime() > issued.issuedAt.getTime());
    assert.match(issued.serialNumber ?? '', /^([0-9a-f]{2}:){15}[0-9a-f]{2}$/);
    const listed = await east().send(
      new GetCertificatesCommand({ includeCertificateDetails: true, certificateStatuses: ['ISSUED'] }),
    );
    assertMatchesReference('GetCertificates', listed, {
      absent: [
        'certificates.certificateDetail.renewalSummary',
        'certificates.certificateDetail.requestFailureReason',
        'certificates.certificateDetail.revocationReason',
        'certificates.certificateDetail.revokedAt',
      ],
    });
    assert.deepEqual(
      listed.certificates?.map((c) => c.certificateName),
      ['site-cert'],
    );
  });

  it('issues a certificate without records in Lightsail after the validation time', async () => {
    await east().send(new CreateCertificateCommand({ certificateName: 'ext', domainName: 'elsewhere.org' }));
    const pending = await east().send(
      new GetCertificatesCommand({ certificateStatuses: ['PENDING_VALIDATION'] }),
    );
    assert.deepEqual(
      pending.certificates?.map((c) => c.certificateName),
      ['ext'],
    );
    // 1800 AWS seconds at the FAST scale: 600 ms.
    await waitFor(
      () => details('ext'),
      (d) => d?.status === 'ISSUED',
      3000,
    );
  });

  it('keeps certificates per region and deletes them', async () => {
    const west = h.lightsail('eu-west-1');
    await west.send(new CreateCertificateCommand({ certificateName: 'eu-cert', domainName: 'example.eu' }));
    assert.deepEqual((await east().send(new GetCertificatesCommand({}))).certificates, []);
    const deleted = await west.send(new DeleteCertificateCommand({ certificateName: 'eu-cert' }));
    assertMatchesReference('DeleteCertificate', deleted);
    assert.equal(deleted.operations?.[0]?.operationType, 'DeleteCertificate');
    assert.deepEqual((await west.send(new GetCertificatesCommand({}))).certificates, []);
    await assert.rejects(
      west.send(new DeleteCertificateCommand({ certificateName: 'eu-cert' })),
      rejectsWith(NotFoundException, /Certificate does not exist: eu-cert/),
    );
  });

  const badCreates: [string, Record<string, unknown>, RegExp][] = [
    [
      'a wildcard alternative name',
      { subjectAlternativeNames: ['*.example.com'] },
      /wildcard domain entries/,
    ],
    [
      'more than nine alternative names',
      { subjectAlternativeNames: Array.from({ length: 10 }, (_, i) => `s${i}.example.com`) },
      /at most 9 alternate domains/,
    ],
    ['a bad domain name', { domainName: 'exa mple' }, /domainName "exa mple" is not a valid domain name/],
    ['a bad certificate name', { certificateName: '-cert' }, /certificateName "-cert" is invalid/],
    ['no domain name', { domainName: undefined }, /domainName parameter is required/],
  ];
  for (const [what, change, message] of badCreates) {
    it(`refuses a certificate with ${what}`, async () => {
      await assert.rejects(
        east().send(
          new CreateCertificateCommand({
            certificateName: 'cert',
            domainName: 'example.com',
            ...change,
          }),
        ),
        rejectsWith(InvalidInputException, message),
      );
    });
  }

  it('refuses an unknown certificate status filter', async () => {
    await assert.rejects(
      east().send(new GetCertificatesCommand({ certificateStatuses: ['VALID' as never] })),
      rejectsWith(InvalidInputException, /certificateStatuses must be one of PENDING_VALIDATION/),
    );
  });
});
