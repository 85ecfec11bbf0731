import { strict as assert } from 'node:assert';
import {
  AllocateStaticIpCommand,
  AttachStaticIpCommand,
  DeleteInstanceCommand,
  DetachStaticIpCommand,
  GetInstanceCommand,
  GetStaticIpCommand,
  InvalidInputException,
  ReleaseStaticIpCommand,
  StartInstanceCommand,
  StopInstanceCommand,
} from '@aws-sdk/client-lightsail';
import { useEmulator } from './harness';
import { runningInstance, waitForState } from './instance-helpers';
import { rejectsWith } from './network-helpers';

const east = 'us-east-1';

describe('Lightsail emulator: static IPs stay consistent with their instances', () => {
  const h = useEmulator();
  const client = () => h.lightsail(east);
  const allocate = (name: string) => client().send(new AllocateStaticIpCommand({ staticIpName: name }));
  const attach = (instanceName: string) =>
    client().send(new AttachStaticIpCommand({ staticIpName: 'ip-1', instanceName }));
  /** The static IP's and the instances' views, side by side. */
  const views = async (...names: string[]) => {
    const { staticIp } = await client().send(new GetStaticIpCommand({ staticIpName: 'ip-1' }));
    const instances = await Promise.all(
      names.map(async (n) => (await client().send(new GetInstanceCommand({ instanceName: n }))).instance!),
    );
    return {
      ip: [staticIp!.ipAddress, staticIp!.isAttached, staticIp!.attachedTo],
      instances: instances.map((i) => [i.name, i.isStaticIp, i.publicIpAddress]),
    };
  };

  it('allows 5 static IPs a region, refuses a sixth with InvalidInputException, and allows one again after a release', async () => {
    for (const n of [1, 2, 3, 4, 5]) await allocate(`ip-${n}`);
    await rejectsWith(
      allocate('ip-6'),
      InvalidInputException,
      /maximum number of static IPs \(5\) in us-east-1/,
    );
    // The quota is per region.
    await h.lightsail('eu-west-2').send(new AllocateStaticIpCommand({ staticIpName: 'ip-6' }));
    await client().send(new ReleaseStaticIpCommand({ staticIpName: 'ip-5' }));
    await allocate('ip-6');
  });

  it('keeps publicIpAddress and isStaticIp in step with attachedTo through attach, stop/start, detach, re-attach and delete', async () => {
    const a = await runningInstance(client(), 'inst-a');
    const b = await runningInstance(client(), 'inst-b');
    await allocate('ip-1');
    const address = (await client().send(new GetStaticIpCommand({ staticIpName: 'ip-1' }))).staticIp!
      .ipAddress!;
    assert.ok(![a.publicIpAddress, b.publicIpAddress].includes(address));

    await attach('inst-a');
    assert.deepEqual(await views('inst-a', 'inst-b'), {
      ip: [address, true, 'inst-a'],
      instances: [
        ['inst-a', true, address],
        ['inst-b', false, b.publicIpAddress],
      ],
    });
    await rejectsWith(attach('inst-b'), InvalidInputException, /already attached to the instance inst-a/);

    // A stopped and started instance keeps its static IP.
    await client().send(new StopInstanceCommand({ instanceName: 'inst-a' }));
    await waitForState(client(), 'inst-a', 'stopped');
    assert.deepEqual((await views('inst-a')).instances, [['inst-a', true, address]]);
    await client().send(new StartInstanceCommand({ instanceName: 'inst-a' }));
    await waitForState(client(), 'inst-a', 'running');
    assert.deepEqual(await views('inst-a'), {
      ip: [address, true, 'inst-a'],
      instances: [['inst-a', true, address]],
    });

    // Detached, the instance gets a public IP of its own, neither the static one nor its first.
    await client().send(new DetachStaticIpCommand({ staticIpName: 'ip-1' }));
    const detached = await views('inst-a');
    assert.deepEqual(detached.ip, [address, false, '']);
    const [, isStatic, ownAddress] = detached.instances[0]!;
    assert.equal(isStatic, false);
    assert.ok(ownAddress !== address && ownAddress !== a.publicIpAddress, 'a new public IP');

    await attach('inst-b');
    assert.deepEqual(await views('inst-a', 'inst-b'), {
      ip: [address, true, 'inst-b'],
      instances: [
        ['inst-a', false, ownAddress],
        ['inst-b', true, address],
      ],
    });

    // Deleting the instance detaches the static IP, which stays allocated.
    await client().send(new DeleteInstanceCommand({ instanceName: 'inst-b' }));
    assert.deepEqual((await views()).ip, [address, false, '']);
    const state = await h.control.state();
    assert.equal(state[east]!.staticIps['ip-1']!.attachedTo, undefined);
    await attach('inst-a');
    assert.deepEqual((await views('inst-a')).instances, [['inst-a', true, address]]);
  });
});
