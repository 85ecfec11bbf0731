import { strict as assert } from 'node:assert';
import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import {
  AllocateStaticIpCommand,
  AttachStaticIpCommand,
  CreateKeyPairCommand,
  DeleteInstanceCommand,
  DeleteKeyPairCommand,
  DetachStaticIpCommand,
  DownloadDefaultKeyPairCommand,
  GetInstanceCommand,
  GetKeyPairCommand,
  GetKeyPairsCommand,
  GetStaticIpCommand,
  GetStaticIpsCommand,
  ImportKeyPairCommand,
  InvalidInputException,
  NotFoundException,
  ReleaseStaticIpCommand,
  TagResourceCommand,
} from '@aws-sdk/client-lightsail';
import { SEEDED } from '../../src/emulator';
import { assertMatchesReference } from './conformance';
import { useEmulator } from './harness';
import { rejectsAsSerialization, rejectsWith } from './network-helpers';

const east = SEEDED.region;

describe('Lightsail emulator: key pairs', () => {
  const h = useEmulator();
  const client = () => h.lightsail(east);

  it('CreateKeyPair answers a real RSA key pair once, with an MD5 fingerprint, and GetKeyPair(s) show it', async () => {
    const created = await client().send(
      new CreateKeyPairCommand({ keyPairName: 'deploy', tags: [{ key: 'team', value: 'ops' }] }),
    );
    assertMatchesReference('CreateKeyPair', created);
    assert.match(created.privateKeyBase64 ?? '', /^-----BEGIN RSA PRIVATE KEY-----/);
    assert.match(created.publicKeyBase64 ?? '', /^ssh-rsa AAAA[\w+/=]+ deploy$/);
    // The public key is the private key's: node:crypto derives the same modulus.
    const derived = createPublicKey(created.privateKeyBase64!).export({ format: 'jwk' });
    assert.ok(derived.n && derived.n.length > 300);
    assert.match(created.keyPair?.fingerprint ?? '', /^([0-9a-f]{2}:){15}[0-9a-f]{2}$/);
    assert.equal(created.operation?.operationType, 'CreateKeyPair');
    assert.equal(created.operation?.status, 'Succeeded');

    const got = await client().send(new GetKeyPairCommand({ keyPairName: 'deploy' }));
    assertMatchesReference('GetKeyPair', got);
    assert.equal(got.keyPair?.fingerprint, created.keyPair?.fingerprint);
    assert.deepEqual(got.keyPair?.tags, [{ key: 'team', value: 'ops' }]);
    assert.match(got.keyPair?.arn ?? '', /:KeyPair\//);
    const listed = await client().send(new GetKeyPairsCommand({}));
    assertMatchesReference('GetKeyPairs', listed);
    assert.deepEqual(
      listed.keyPairs?.map((k) => k.name),
      ['deploy'],
    );
  });

  it('never keeps a private key in the state or the audit', async () => {
    const created = await client().send(new CreateKeyPairCommand({ keyPairName: 'secret-one' }));
    const downloaded = await client().send(new DownloadDefaultKeyPairCommand({}));
    const body = (pem: string) => pem.split('\n')[1]!;
    const state = JSON.stringify(await h.control.state());
    const audit = JSON.stringify(await h.control.audit());
    for (const pem of [created.privateKeyBase64!, downloaded.privateKeyBase64!]) {
      assert.equal(state.includes(body(pem)), false, 'private key in the state');
      assert.equal(audit.includes(body(pem)), false, 'private key in the audit');
    }
    assert.ok(state.includes(created.keyPair!.fingerprint!));
    assert.ok(audit.includes('CreateKeyPair'));
    const res = await fetch(`${h.running.url}/_emulator/state`);
    assert.equal((await res.text()).includes('PRIVATE KEY'), false);
  });

  it('ImportKeyPair takes an OpenSSH public key (RSA or ed25519), as is or base64-encoded', async () => {
    const ed = generateKeyPairSync('ed25519').publicKey.export({ format: 'jwk' });
    const raw = Buffer.from(ed.x!, 'base64url');
    const blob = Buffer.concat([
      Buffer.from([0, 0, 0, 11]),
      Buffer.from('ssh-ed25519'),
      Buffer.from([0, 0, 0, raw.length]),
      raw,
    ]);
    const line = `ssh-ed25519 ${blob.toString('base64')} me@host`;
    const imported = await client().send(
      new ImportKeyPairCommand({ keyPairName: 'mine', publicKeyBase64: line }),
    );
    assertMatchesReference('ImportKeyPair', imported);
    assert.equal(imported.operation?.operationType, 'ImportKeyPair');
    await client().send(
      new ImportKeyPairCommand({
        keyPairName: 'mine-b64',
        publicKeyBase64: Buffer.from(line).toString('base64'),
      }),
    );
    const a = await client().send(new GetKeyPairCommand({ keyPairName: 'mine' }));
    const b = await client().send(new GetKeyPairCommand({ keyPairName: 'mine-b64' }));
    assert.equal(a.keyPair?.fingerprint, b.keyPair?.fingerprint);
    await rejectsWith(
      client().send(
        new ImportKeyPairCommand({ keyPairName: 'bad', publicKeyBase64: 'ssh-rsa bm90IGEga2V5' }),
      ),
      InvalidInputException,
      /publicKeyBase64 parameter is not a valid public key/,
    );
    await rejectsWith(
      client().send(new ImportKeyPairCommand({ keyPairName: 'mine', publicKeyBase64: line })),
      InvalidInputException,
      /key pair name mine is already in use/,
    );
  });

  it('refuses bad key pair names and unknown key pairs with the SDK exception classes', async () => {
    await rejectsWith(
      client().send(new CreateKeyPairCommand({ keyPairName: '-bad' })),
      InvalidInputException,
      /keyPairName "-bad" is invalid/,
    );
    await rejectsWith(
      client().send(new GetKeyPairCommand({ keyPairName: 'nope' })),
      NotFoundException,
      /KeyPair does not exist: nope/,
    );
    await rejectsAsSerialization(
      client().send(new GetKeyPairsCommand({ includeDefaultKeyPair: 'yes' as never })),
      /includeDefaultKeyPair/,
    );
  });

  it('DeleteKeyPair checks the expected fingerprint, then removes the key pair; tags reach key pairs', async () => {
    const created = await client().send(new CreateKeyPairCommand({ keyPairName: 'old' }));
    await client().send(new TagResourceCommand({ resourceName: 'old', tags: [{ key: 'k', value: 'v' }] }));
    assert.deepEqual((await client().send(new GetKeyPairCommand({ keyPairName: 'old' }))).keyPair?.tags, [
      { key: 'k', value: 'v' },
    ]);
    await rejectsWith(
      client().send(new DeleteKeyPairCommand({ keyPairName: 'old', expectedFingerprint: 'aa:bb' })),
      InvalidInputException,
      /expectedFingerprint aa:bb does not match/,
    );
    const deleted = await client().send(
      new DeleteKeyPairCommand({ keyPairName: 'old', expectedFingerprint: created.keyPair!.fingerprint }),
    );
    assertMatchesReference('DeleteKeyPair', deleted);
    await rejectsWith(
      client().send(new DeleteKeyPairCommand({ keyPairName: 'old' })),
      NotFoundException,
      /KeyPair does not exist: old/,
    );
  });

  it('DownloadDefaultKeyPair makes the default key pair once, answers it again, and lists it only on request', async () => {
    const first = await client().send(new DownloadDefaultKeyPairCommand({}));
    assertMatchesReference('DownloadDefaultKeyPair', first);
    assert.ok(first.createdAt instanceof Date);
    assert.match(first.publicKeyBase64 ?? '', /^ssh-rsa /);
    const second = await client().send(new DownloadDefaultKeyPairCommand({}));
    assert.deepEqual(
      [second.privateKeyBase64, second.publicKeyBase64, second.createdAt?.getTime()],
      [first.privateKeyBase64, first.publicKeyBase64, first.createdAt?.getTime()],
    );
    const other = await h.lightsail(SEEDED.otherRegion).send(new DownloadDefaultKeyPairCommand({}));
    assert.notEqual(other.publicKeyBase64, first.publicKeyBase64);
    assert.deepEqual((await client().send(new GetKeyPairsCommand({}))).keyPairs, []);
    const all = await client().send(new GetKeyPairsCommand({ includeDefaultKeyPair: true }));
    assert.deepEqual(
      all.keyPairs?.map((k) => k.name),
      ['LightsailDefaultKeyPair'],
    );
  });
});

describe('Lightsail emulator: static IPs', () => {
  const h = useEmulator();
  const client = () => h.lightsail(east);
  const instance = () => client().send(new GetInstanceCommand({ instanceName: SEEDED.instance }));

  it('allocates, attaches (the instance shows it), detaches (the instance gets a new public IP) and releases a static IP', async () => {
    const before = (await instance()).instance!;
    assert.equal(before.isStaticIp, false);
    assert.match(before.publicIpAddress ?? '', /^3\.\d+\.\d+\.\d+$/);
    assert.match(before.privateIpAddress ?? '', /^172\.26\.\d+\.\d+$/);

    const allocated = await client().send(new AllocateStaticIpCommand({ staticIpName: 'ip-1' }));
    assertMatchesReference('AllocateStaticIp', allocated);
    const ip = await client().send(new GetStaticIpCommand({ staticIpName: 'ip-1' }));
    assertMatchesReference('GetStaticIp', ip);
    assert.deepEqual([ip.staticIp?.isAttached, ip.staticIp?.attachedTo], [false, '']);

    const attached = await client().send(
      new AttachStaticIpCommand({ staticIpName: 'ip-1', instanceName: SEEDED.instance }),
    );
    assertMatchesReference('AttachStaticIp', attached);
    assert.deepEqual(
      attached.operations?.map((o) => [o.resourceType, o.operationType]),
      [
        ['StaticIp', 'AttachStaticIp'],
        ['Instance', 'AttachStaticIp'],
      ],
    );
    const withIp = (await instance()).instance!;
    assert.deepEqual([withIp.isStaticIp, withIp.publicIpAddress], [true, ip.staticIp?.ipAddress]);
    const listed = await client().send(new GetStaticIpsCommand({}));
    assertMatchesReference('GetStaticIps', listed);
    assert.ok(listed.staticIps);
    assert.deepEqual(
      listed.staticIps
        ?.filter((s) => s.name !== SEEDED.migratedStaticIp)
        .map((s) => [s.name, s.isAttached, s.attachedTo]),
      [['ip-1', true, SEEDED.instance]],
    );

    const detached = await client().send(new DetachStaticIpCommand({ staticIpName: 'ip-1' }));
    assertMatchesReference('DetachStaticIp', detached);
    const without = (await instance()).instance!;
    assert.equal(without.isStaticIp, false);
    // As on Lightsail, an instance that loses its static IP gets a new dynamic one.
    assert.match(without.publicIpAddress ?? '', /^3\.\d+\.\d+\.\d+$/);
    assert.notEqual(without.publicIpAddress, before.publicIpAddress);
    assert.notEqual(without.publicIpAddress, ip.staticIp?.ipAddress);

    await client().send(new AttachStaticIpCommand({ staticIpName: 'ip-1', instanceName: SEEDED.instance }));
    const released = await client().send(new ReleaseStaticIpCommand({ staticIpName: 'ip-1' }));
    assertMatchesReference('ReleaseStaticIp', released);
    assert.equal((await instance()).instance?.isStaticIp, false);
    assert.deepEqual(
      (await client().send(new GetStaticIpsCommand({}))).staticIps?.map((s) => s.name),
      [SEEDED.migratedStaticIp],
    );
  });

  it('a static IP of a deleted instance is detached again', async () => {
    await client().send(new AllocateStaticIpCommand({ staticIpName: 'ip-d' }));
    await client().send(new AttachStaticIpCommand({ staticIpName: 'ip-d', instanceName: SEEDED.instance }));
    await client().send(new DeleteInstanceCommand({ instanceName: SEEDED.instance }));
    const ip = await client().send(new GetStaticIpCommand({ staticIpName: 'ip-d' }));
    assert.deepEqual([ip.staticIp?.isAttached, ip.staticIp?.attachedTo], [false, '']);
  });

  it('refuses bad static IP input with the SDK exception classes', async () => {
    await rejectsWith(
      client().send(new AllocateStaticIpCommand({ staticIpName: 'bad name' })),
      InvalidInputException,
      /staticIpName "bad name" is invalid/,
    );
    await client().send(new AllocateStaticIpCommand({ staticIpName: 'ip-a' }));
    await client().send(new AllocateStaticIpCommand({ staticIpName: 'ip-b' }));
    await rejectsWith(
      client().send(new AllocateStaticIpCommand({ staticIpName: 'ip-a' })),
      InvalidInputException,
      /static IP name ip-a is already in use/,
    );
    await rejectsWith(
      client().send(new AttachStaticIpCommand({ staticIpName: 'ip-a', instanceName: 'ghost' })),
      NotFoundException,
      /Instance does not exist: ghost/,
    );
    await client().send(new AttachStaticIpCommand({ staticIpName: 'ip-a', instanceName: SEEDED.instance }));
    await rejectsWith(
      client().send(new AttachStaticIpCommand({ staticIpName: 'ip-b', instanceName: SEEDED.instance })),
      InvalidInputException,
      /already has the static IP ip-a/,
    );
    await rejectsWith(
      client().send(new DetachStaticIpCommand({ staticIpName: 'ip-b' })),
      InvalidInputException,
      /ip-b is not attached/,
    );
    await rejectsWith(
      client().send(new ReleaseStaticIpCommand({ staticIpName: 'ip-z' })),
      NotFoundException,
      /StaticIp does not exist: ip-z/,
    );
    await rejectsWith(
      client().send(new GetStaticIpCommand({ staticIpName: 'ip-z' })),
      NotFoundException,
      /StaticIp does not exist: ip-z/,
    );
  });
});
