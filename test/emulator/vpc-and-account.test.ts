import { strict as assert } from 'node:assert';
import {
  CreateBucketCommand,
  CreateDistributionCommand,
  CreateLoadBalancerCommand,
  GetActiveNamesCommand,
  GetDistributionsCommand,
  GetInstanceCommand,
  GetLoadBalancerCommand,
  InvalidInputException,
  IsVpcPeeredCommand,
  NotFoundException,
  PeerVpcCommand,
  PutAlarmCommand,
  SetIpAddressTypeCommand,
  UnpeerVpcCommand,
} from '@aws-sdk/client-lightsail';
import { SEEDED } from '../../src/emulator';
import { assertMatchesReference } from './conformance';
import { useEmulator } from './harness';
import { rejectsWith } from './network-helpers';

/** VPC peering, GetActiveNames and SetIpAddressType through the real SDK. */
describe('Lightsail emulator: VPC peering and account actions', () => {
  const h = useEmulator();
  const client = () => h.lightsail(SEEDED.region);

  it('PeerVpc peers the region VPC, IsVpcPeered says so, UnpeerVpc undoes it, region by region', async () => {
    const before = await client().send(new IsVpcPeeredCommand({}));
    assertMatchesReference('IsVpcPeered', before);
    assert.equal(before.isPeered, false);
    const peered = await client().send(new PeerVpcCommand({}));
    assertMatchesReference('PeerVpc', peered);
    assert.equal(peered.operation?.resourceType, 'PeeredVpc');
    assert.equal(peered.operation?.operationType, 'PeeredVpc');
    assert.equal((await client().send(new IsVpcPeeredCommand({}))).isPeered, true);
    assert.equal((await h.lightsail('eu-west-1').send(new IsVpcPeeredCommand({}))).isPeered, false);
    const unpeered = await client().send(new UnpeerVpcCommand({}));
    assertMatchesReference('UnpeerVpc', unpeered);
    assert.equal((await client().send(new IsVpcPeeredCommand({}))).isPeered, false);
  });

  it('PeerVpc refuses a peered region and UnpeerVpc one not peered', async () => {
    await client().send(new PeerVpcCommand({}));
    await rejectsWith(client().send(new PeerVpcCommand({})), InvalidInputException, /already peered/);
    await rejectsWith(
      h.lightsail('eu-west-1').send(new UnpeerVpcCommand({})),
      InvalidInputException,
      /not peered/,
    );
  });

  it('GetActiveNames lists the names of the region resources, sorted, without other regions', async () => {
    await client().send(new CreateBucketCommand({ bucketName: 'names-b', bundleId: 'small_1_0' }));
    await client().send(
      new PutAlarmCommand({
        alarmName: 'names-alarm',
        monitoredResourceName: SEEDED.instance,
        metricName: 'CPUUtilization',
        comparisonOperator: 'GreaterThanThreshold',
        threshold: 90,
        evaluationPeriods: 1,
      }),
    );
    const out = await client().send(new GetActiveNamesCommand({}));
    assertMatchesReference('GetActiveNames', out);
    const names = out.activeNames ?? [];
    for (const name of [SEEDED.instance, SEEDED.snapshot, SEEDED.disk, 'names-b', 'names-alarm']) {
      assert.ok(names.includes(name), `${name} is missing from ${names.join(', ')}`);
    }
    assert.ok(!names.includes(SEEDED.otherInstance));
    assert.deepEqual(names, [...names].sort());
    await rejectsWith(
      client().send(new GetActiveNamesCommand({ pageToken: 'not-a-token' })),
      InvalidInputException,
      /pageToken/,
    );
  });

  it('SetIpAddressType makes an instance dualstack with an IPv6 address, and ipv4 again', async () => {
    const out = await client().send(
      new SetIpAddressTypeCommand({
        resourceType: 'Instance',
        resourceName: SEEDED.instance,
        ipAddressType: 'dualstack',
      }),
    );
    assertMatchesReference('SetIpAddressType', out);
    assert.equal(out.operations?.[0]?.operationType, 'SetIpAddressType');
    const instance = async () =>
      (await client().send(new GetInstanceCommand({ instanceName: SEEDED.instance }))).instance;
    assert.equal((await instance())?.ipAddressType, 'dualstack');
    assert.match((await instance())?.ipv6Addresses?.[0] ?? '', /^2600:1f18:/);
    await client().send(
      new SetIpAddressTypeCommand({
        resourceType: 'Instance',
        resourceName: SEEDED.instance,
        ipAddressType: 'ipv4',
      }),
    );
    assert.equal((await instance())?.ipAddressType, 'ipv4');
    assert.deepEqual((await instance())?.ipv6Addresses, []);
  });

  it('SetIpAddressType sets a load balancer and a distribution (us-east-1 only)', async () => {
    await client().send(new CreateLoadBalancerCommand({ loadBalancerName: 'lb-ip', instancePort: 80 }));
    await client().send(
      new SetIpAddressTypeCommand({
        resourceType: 'LoadBalancer',
        resourceName: 'lb-ip',
        ipAddressType: 'ipv4',
      }),
    );
    const lb = await client().send(new GetLoadBalancerCommand({ loadBalancerName: 'lb-ip' }));
    assert.equal(lb.loadBalancer?.ipAddressType, 'ipv4');
    await client().send(
      new CreateDistributionCommand({
        distributionName: 'cdn-ip',
        origin: { name: SEEDED.instance, regionName: 'us-east-1', protocolPolicy: 'http-only' },
        defaultCacheBehavior: { behavior: 'dont-cache' },
        bundleId: 'small_1_0',
      }),
    );
    await client().send(
      new SetIpAddressTypeCommand({
        resourceType: 'Distribution',
        resourceName: 'cdn-ip',
        ipAddressType: 'ipv4',
      }),
    );
    const d = await client().send(new GetDistributionsCommand({ distributionName: 'cdn-ip' }));
    assert.equal(d.distributions?.[0]?.ipAddressType, 'ipv4');
    await rejectsWith(
      h.lightsail('eu-west-1').send(
        new SetIpAddressTypeCommand({
          resourceType: 'Distribution',
          resourceName: 'cdn-ip',
          ipAddressType: 'ipv4',
        }),
      ),
      InvalidInputException,
      /us-east-1/,
    );
  });

  it('SetIpAddressType refuses other resource types, a bad ipAddressType and unknown resources', async () => {
    await rejectsWith(
      client().send(
        new SetIpAddressTypeCommand({
          resourceType: 'Disk',
          resourceName: SEEDED.disk,
          ipAddressType: 'ipv4',
        }),
      ),
      InvalidInputException,
      /resourceType/,
    );
    await rejectsWith(
      client().send(
        new SetIpAddressTypeCommand({
          resourceType: 'Instance',
          resourceName: SEEDED.instance,
          ipAddressType: 'ipv6',
        }),
      ),
      InvalidInputException,
      /ipAddressType/,
    );
    await rejectsWith(
      client().send(
        new SetIpAddressTypeCommand({
          resourceType: 'Instance',
          resourceName: 'ghost',
          ipAddressType: 'ipv4',
        }),
      ),
      NotFoundException,
      /ghost/,
    );
  });
});
