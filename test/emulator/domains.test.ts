import { strict as assert } from 'node:assert';
import {
  CreateDomainCommand,
  CreateDomainEntryCommand,
  DeleteDomainCommand,
  DeleteDomainEntryCommand,
  GetDomainCommand,
  GetDomainsCommand,
  InvalidInputException,
  NotFoundException,
  TagResourceCommand,
  UpdateDomainEntryCommand,
} from '@aws-sdk/client-lightsail';
import { assertMatchesReference } from './conformance';
import { useEmulator } from './harness';
import { SEEDED } from '../../src/emulator';

const rejectsWith = (type: new (...args: never[]) => Error, message: RegExp) => (err: unknown) =>
  err instanceof type && message.test(err.message);

/** Domains and their DNS entries: us-east-1 only, through the real SDK. */
describe('Lightsail emulator: domains', () => {
  const h = useEmulator();
  const east = () => h.lightsail('us-east-1');

  it('refuses domain actions outside us-east-1 with the service message', async () => {
    for (const command of [
      new CreateDomainCommand({ domainName: 'example.com' }),
      new GetDomainsCommand({}),
      new GetDomainCommand({ domainName: 'example.com' }),
    ]) {
      await assert.rejects(
        h.lightsail('eu-west-1').send(command as never),
        rejectsWith(InvalidInputException, /only available in the N\. Virginia \(us-east-1\)/),
      );
    }
  });

  it('creates a domain with its name servers, lists it, gets it and deletes it', async () => {
    const created = await east().send(
      new CreateDomainCommand({ domainName: 'Example.com', tags: [{ key: 'team', value: 'web' }] }),
    );
    assertMatchesReference('CreateDomain', created);
    assert.equal(created.operation?.operationType, 'CreateDomain');
    assert.equal(created.operation?.status, 'Succeeded');

    const got = await east().send(new GetDomainCommand({ domainName: 'example.com' }));
    assertMatchesReference('GetDomain', got);
    assert.equal(got.domain?.name, 'example.com');
    assert.match(got.domain?.arn ?? '', /^arn:aws:lightsail:global:123456789012:Domain\//);
    assert.equal(got.domain?.createdAt instanceof Date, true);
    assert.deepEqual(
      got.domain?.domainEntries?.map((e) => e.type),
      ['NS', 'NS', 'NS', 'NS', 'SOA'],
    );
    assert.deepEqual(got.domain?.tags, [{ key: 'team', value: 'web' }]);

    const list = await east().send(new GetDomainsCommand({}));
    assertMatchesReference('GetDomains', list);
    assert.deepEqual(
      list.domains?.map((d) => d.name).filter((n) => n !== SEEDED.domain),
      ['example.com'],
    );

    await east().send(
      new TagResourceCommand({ resourceName: 'example.com', tags: [{ key: 'env', value: 'prod' }] }),
    );
    const deleted = await east().send(new DeleteDomainCommand({ domainName: 'example.com' }));
    assertMatchesReference('DeleteDomain', deleted);
    await assert.rejects(
      east().send(new GetDomainCommand({ domainName: 'example.com' })),
      rejectsWith(NotFoundException, /Domain does not exist: example\.com/),
    );
  });

  it('refuses a bad domain name, a second domain of the same name and an unknown one', async () => {
    await assert.rejects(
      east().send(new CreateDomainCommand({ domainName: 'not a domain' })),
      rejectsWith(InvalidInputException, /domainName "not a domain" is not a valid domain name/),
    );
    await east().send(new CreateDomainCommand({ domainName: 'example.com' }));
    await assert.rejects(
      east().send(new CreateDomainCommand({ domainName: 'example.com' })),
      rejectsWith(InvalidInputException, /domain example\.com already exists/),
    );
    await assert.rejects(
      east().send(new DeleteDomainCommand({ domainName: 'other.com' })),
      rejectsWith(NotFoundException, /other\.com/),
    );
  });

  it('creates, updates and deletes domain entries', async () => {
    await east().send(new CreateDomainCommand({ domainName: 'example.com' }));
    const created = await east().send(
      new CreateDomainEntryCommand({
        domainName: 'example.com',
        domainEntry: { name: 'www.example.com', type: 'A', target: '192.0.2.10' },
      }),
    );
    assertMatchesReference('CreateDomainEntry', created);
    assert.equal(created.operation?.operationType, 'CreateDomainEntry');
    // A bare label is a name in the domain.
    await east().send(
      new CreateDomainEntryCommand({
        domainName: 'example.com',
        domainEntry: { name: 'mail', type: 'TXT', target: '"v=spf1 -all"' },
      }),
    );
    let domain = (await east().send(new GetDomainCommand({ domainName: 'example.com' }))).domain;
    const www = domain?.domainEntries?.find((e) => e.name === 'www.example.com');
    assert.deepEqual(
      { type: www?.type, target: www?.target, isAlias: www?.isAlias, options: www?.options },
      { type: 'A', target: '192.0.2.10', isAlias: false, options: {} },
    );
    assert.match(www?.id ?? '', /^-?\d+$/);
    assert.ok(domain?.domainEntries?.some((e) => e.name === 'mail.example.com' && e.type === 'TXT'));

    const updated = await east().send(
      new UpdateDomainEntryCommand({
        domainName: 'example.com',
        domainEntry: { id: www?.id, name: 'www.example.com', type: 'A', target: '192.0.2.20' },
      }),
    );
    assertMatchesReference('UpdateDomainEntry', updated);
    assert.equal(updated.operations?.[0]?.operationType, 'UpdateDomainEntry');
    domain = (await east().send(new GetDomainCommand({ domainName: 'example.com' }))).domain;
    assert.equal(domain?.domainEntries?.find((e) => e.id === www?.id)?.target, '192.0.2.20');

    const deleted = await east().send(
      new DeleteDomainEntryCommand({
        domainName: 'example.com',
        domainEntry: { name: 'www.example.com', type: 'A', target: '192.0.2.20' },
      }),
    );
    assertMatchesReference('DeleteDomainEntry', deleted);
    domain = (await east().send(new GetDomainCommand({ domainName: 'example.com' }))).domain;
    assert.equal(
      domain?.domainEntries?.some((e) => e.id === www?.id),
      false,
    );
  });

  const badEntries: [string, Record<string, unknown>, RegExp][] = [
    ['an unknown type', { name: 'x', type: 'PTR', target: 'a' }, /domainEntry\.type must be one of A, AAAA/],
    ['no target', { name: 'x', type: 'TXT' }, /domainEntry\.target is required/],
    [
      'an A record without an IPv4 address',
      { name: 'x', type: 'A', target: 'host' },
      /must be an IPv4 address/,
    ],
    [
      'a CNAME beside another record',
      { name: 'example.com', type: 'CNAME', target: 'a.b.c' },
      /CNAME record cannot share/,
    ],
  ];
  for (const [what, domainEntry, message] of badEntries) {
    it(`refuses a domain entry with ${what}`, async () => {
      await east().send(new CreateDomainCommand({ domainName: 'example.com' }));
      await assert.rejects(
        east().send(new CreateDomainEntryCommand({ domainName: 'example.com', domainEntry: domainEntry })),
        rejectsWith(InvalidInputException, message),
      );
    });
  }

  it('answers NotFound for an entry or an update id that does not exist', async () => {
    await east().send(new CreateDomainCommand({ domainName: 'example.com' }));
    await assert.rejects(
      east().send(
        new DeleteDomainEntryCommand({
          domainName: 'example.com',
          domainEntry: { name: 'www', type: 'A', target: '192.0.2.1' },
        }),
      ),
      rejectsWith(NotFoundException, /domain entry A www\.example\.com -> 192\.0\.2\.1 does not exist/),
    );
    await assert.rejects(
      east().send(
        new UpdateDomainEntryCommand({
          domainName: 'example.com',
          domainEntry: { id: '-42', name: 'www', type: 'A', target: '192.0.2.1' },
        }),
      ),
      rejectsWith(NotFoundException, /domain entry -42 does not exist/),
    );
    await assert.rejects(
      east().send(
        new UpdateDomainEntryCommand({
          domainName: 'example.com',
          domainEntry: { name: 'www', type: 'A', target: '192.0.2.1' },
        }),
      ),
      rejectsWith(InvalidInputException, /domainEntry\.id is required/),
    );
  });
});
