import { strict as assert } from 'node:assert';
import {
  CreateInstancesCommand,
  CreateKeyPairCommand,
  DeleteKnownHostKeysCommand,
  GetInstanceAccessDetailsCommand,
  GetInstanceCommand,
  InvalidInputException,
  NotFoundException,
  StopInstanceCommand,
} from '@aws-sdk/client-lightsail';
import { SEEDED } from '../../src/emulator';
import { assertMatchesReference } from './conformance';
import { useEmulator, waitFor } from './harness';
import { rejectsWith } from './network-helpers';

/** GetInstanceAccessDetails and DeleteKnownHostKeys through the real SDK. */
describe('Lightsail emulator: instance access details', () => {
  const h = useEmulator();
  const client = () => h.lightsail(SEEDED.region);
  const createWindows = async (keyPairName?: string) => {
    await client().send(
      new CreateInstancesCommand({
        instanceNames: ['win-1'],
        availabilityZone: `${SEEDED.region}a`,
        blueprintId: 'windows_server_2022',
        bundleId: 'nano_win_3_0',
        keyPairName,
      }),
    );
    await waitFor(
      () => client().send(new GetInstanceCommand({ instanceName: 'win-1' })),
      (out) => out.instance?.state?.name === 'running',
    );
  };

  it('answers SSH details of a Linux instance: a fresh private key and certificate, host keys', async () => {
    const out = await client().send(new GetInstanceAccessDetailsCommand({ instanceName: SEEDED.instance }));
    // SSH details have no password, and host keys no certificate validity (that is RDP's).
    assertMatchesReference('GetInstanceAccessDetails', out, {
      absent: [
        'accessDetails.password',
        'accessDetails.passwordData',
        'accessDetails.hostKeys.notValidBefore',
        'accessDetails.hostKeys.notValidAfter',
      ],
    });
    const d = out.accessDetails!;
    assert.equal(d.protocol, 'ssh');
    assert.equal(d.instanceName, SEEDED.instance);
    assert.match(d.privateKey!, /^-----BEGIN PRIVATE KEY-----/);
    assert.match(d.certKey!, /^ssh-ed25519-cert-v01@openssh.com /);
    assert.ok(d.expiresAt! > new Date());
    const instance = (await client().send(new GetInstanceCommand({ instanceName: SEEDED.instance })))
      .instance;
    assert.equal(d.ipAddress, instance?.publicIpAddress);
    assert.equal(d.username, instance?.username);
    assert.deepEqual(
      d.hostKeys?.map((k) => k.algorithm),
      ['ssh-rsa', 'ecdsa-sha2-nistp256', 'ssh-ed25519'],
    );
    assert.match(d.hostKeys[0]!.fingerprintSHA256!, /^SHA256:/);

    const again = await client().send(new GetInstanceAccessDetailsCommand({ instanceName: SEEDED.instance }));
    assert.notEqual(again.accessDetails?.privateKey, d.privateKey);
    assert.deepEqual(again.accessDetails?.hostKeys, d.hostKeys);
  });

  it('keeps the private key and certificate out of the state dump and the audit log', async () => {
    const out = await client().send(new GetInstanceAccessDetailsCommand({ instanceName: SEEDED.instance }));
    const keyBody = out.accessDetails!.privateKey!.split('\n')[1]!;
    const certBody = out.accessDetails!.certKey!.split(' ')[1]!;
    const dump = JSON.stringify(await h.control.state());
    const audit = JSON.stringify(await h.control.audit());
    for (const secret of [keyBody, certBody]) {
      assert.ok(!dump.includes(secret), 'a secret is in the state dump');
      assert.ok(!audit.includes(secret), 'a secret is in the audit log');
    }
  });

  it('answers RDP details of a Windows instance with the password of the default key pair', async () => {
    await createWindows();
    const out = await client().send(
      new GetInstanceAccessDetailsCommand({ instanceName: 'win-1', protocol: 'rdp' }),
    );
    // RDP details have no temporary SSH key.
    assertMatchesReference('GetInstanceAccessDetails', out, {
      absent: ['accessDetails.privateKey', 'accessDetails.certKey', 'accessDetails.expiresAt'],
    });
    const d = out.accessDetails!;
    assert.equal(d.protocol, 'rdp');
    assert.equal(d.username, 'Administrator');
    assert.ok(d.password && d.password.length > 0);
    assert.equal(d.passwordData?.keyPairName, 'LightsailDefaultKeyPair');
    const dump = JSON.stringify(await h.control.state());
    assert.ok(!dump.includes(d.password));
  });

  it('answers an empty password for a Windows instance of another key pair', async () => {
    await client().send(new CreateKeyPairCommand({ keyPairName: 'mine' }));
    await createWindows('mine');
    const out = await client().send(
      new GetInstanceAccessDetailsCommand({ instanceName: 'win-1', protocol: 'rdp' }),
    );
    assert.equal(out.accessDetails?.password, '');
    assert.equal(out.accessDetails?.passwordData?.keyPairName, 'mine');
  });

  it('refuses the protocol of the other platform, a bad protocol, a stopped instance, an unknown one', async () => {
    await rejectsWith(
      client().send(new GetInstanceAccessDetailsCommand({ instanceName: SEEDED.instance, protocol: 'rdp' })),
      InvalidInputException,
      /protocol rdp .*use ssh/,
    );
    await rejectsWith(
      client().send(
        new GetInstanceAccessDetailsCommand({ instanceName: SEEDED.instance, protocol: 'telnet' as 'ssh' }),
      ),
      InvalidInputException,
      /protocol/,
    );
    await client().send(new StopInstanceCommand({ instanceName: SEEDED.instance }));
    await rejectsWith(
      client().send(new GetInstanceAccessDetailsCommand({ instanceName: SEEDED.instance })),
      InvalidInputException,
      /running/,
    );
    await rejectsWith(
      client().send(new GetInstanceAccessDetailsCommand({ instanceName: 'ghost' })),
      NotFoundException,
      /ghost/,
    );
  });

  it('DeleteKnownHostKeys answers an operation on the instance, and NotFoundException for no instance', async () => {
    const out = await client().send(new DeleteKnownHostKeysCommand({ instanceName: SEEDED.instance }));
    assertMatchesReference('DeleteKnownHostKeys', out);
    assert.equal(out.operations?.[0]?.operationType, 'DeleteKnownHostKeys');
    assert.equal(out.operations?.[0]?.resourceName, SEEDED.instance);
    await rejectsWith(
      client().send(new DeleteKnownHostKeysCommand({ instanceName: 'ghost' })),
      NotFoundException,
      /ghost/,
    );
  });
});
