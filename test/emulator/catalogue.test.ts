import { strict as assert } from 'node:assert';
import {
  CreateInstancesCommand,
  GetBlueprintsCommand,
  GetBundlesCommand,
  GetInstanceCommand,
  GetRelationalDatabaseBlueprintsCommand,
  GetRelationalDatabaseBundlesCommand,
  InvalidInputException,
} from '@aws-sdk/client-lightsail';
import { assertMatchesReference } from './conformance';
import { useEmulator } from './harness';
import { rejectsWith } from './network-helpers';

/** The catalogue (GetBlueprints, GetBundles) and what CreateInstances checks against it, through the real SDK. */
describe('Lightsail emulator: catalogue', () => {
  const h = useEmulator();
  const client = () => h.lightsail('us-west-2');
  const create = (name: string, blueprintId: string, bundleId: string) =>
    client().send(
      new CreateInstancesCommand({
        instanceNames: [name],
        availabilityZone: 'us-west-2a',
        blueprintId,
        bundleId,
      }),
    );

  it('lists the blueprints scripts name: Linux, Windows and apps, active ones only unless asked', async () => {
    const listed = await client().send(new GetBlueprintsCommand({}));
    assertMatchesReference('GetBlueprints', listed);
    const ids = listed.blueprints!.map((b) => b.blueprintId);
    for (const id of [
      'ubuntu_24_04',
      'ubuntu_22_04',
      'amazon_linux_2023',
      'amazon_linux_2',
      'debian_12',
      'windows_server_2022',
      'windows_server_2019',
      'wordpress',
      'lamp_8_bitnami',
      'nodejs',
      'cpanel_whm_linux',
    ]) {
      assert.ok(ids.includes(id), `${id} is missing`);
    }
    assert.ok(listed.blueprints!.every((b) => b.isActive && b.appCategory === undefined));
    assert.equal(listed.blueprints!.find((b) => b.blueprintId === 'wordpress')?.type, 'app');
    assert.equal(
      listed.blueprints!.find((b) => b.blueprintId === 'windows_server_2022')?.platform,
      'WINDOWS',
    );
    const all = await client().send(new GetBlueprintsCommand({ includeInactive: true }));
    assert.equal(all.blueprints!.find((b) => b.blueprintId === 'ubuntu_20_04')?.isActive, false);
  });

  it('lists every plan family with its price, IPv6-only variants without a public IPv4 address', async () => {
    const listed = await client().send(new GetBundlesCommand({}));
    assertMatchesReference('GetBundles', listed);
    const byId = new Map(listed.bundles!.map((b) => [b.bundleId, b]));
    const expect = (
      id: string,
      price: number,
      ram: number,
      cpus: number,
      disk: number,
      transferTb: number,
    ) => {
      const b = byId.get(id);
      assert.ok(b, `${id} is missing`);
      assert.deepEqual(
        [b.price, b.ramSizeInGb, b.cpuCount, b.diskSizeInGb, b.transferPerMonthInGb],
        [price, ram, cpus, disk, transferTb * 1024],
        id,
      );
    };
    expect('nano_3_0', 5, 0.5, 2, 20, 1);
    expect('large_3_0', 44, 8, 2, 160, 5);
    expect('4xlarge_3_0', 384, 64, 16, 1280, 8);
    expect('nano_ipv6_3_0', 3.5, 0.5, 2, 20, 1);
    expect('medium_win_3_0', 44, 4, 2, 80, 4);
    expect('nano_win_ipv6_3_0', 8, 0.5, 2, 30, 1);
    assert.equal(byId.get('nano_ipv6_3_0')?.publicIpv4AddressCount, 0);
    assert.equal(byId.get('nano_3_0')?.publicIpv4AddressCount, 1);
    assert.deepEqual(byId.get('small_win_3_0')?.supportedPlatforms, ['WINDOWS']);
    assert.ok(!byId.has('nano_2_0'), 'a retired plan is listed without includeInactive');
    assert.ok(!byId.has('app_standard_xl_1_0'), 'a research plan is listed without appCategory');
  });

  it('lists the memory-optimized and compute-optimized families and the general-purpose sizes past 4xlarge', async () => {
    const listed = await client().send(new GetBundlesCommand({}));
    assertMatchesReference('GetBundles', listed);
    const byId = new Map(listed.bundles!.map((b) => [b.bundleId, b]));
    const spec = (id: string) => {
      const b = byId.get(id);
      assert.ok(b, `${id} is missing`);
      return [
        b.price,
        b.cpuCount,
        b.ramSizeInGb,
        b.diskSizeInGb,
        b.transferPerMonthInGb,
        b.publicIpv4AddressCount,
        b.supportedPlatforms,
      ];
    };
    const linux = ['LINUX_UNIX'];
    // [price, vCPUs, memory, disk, transfer, public IPv4 addresses, platforms]
    assert.deepEqual(spec('m_large_1_0'), [74, 2, 16, 160, 5 * 1024, 1, linux]);
    assert.deepEqual(spec('m_large_ipv6_1_0'), [70, 2, 16, 160, 5 * 1024, 0, linux]);
    assert.deepEqual(spec('m_16xlarge_1_0'), [2344, 64, 512, 1280, 10 * 1024, 1, linux]);
    assert.deepEqual(spec('c_xlarge_1_0'), [84, 4, 8, 320, 6 * 1024, 1, linux]);
    assert.deepEqual(spec('c_9xlarge_1_0'), [844, 36, 72, 1280, 9 * 1024, 1, linux]);
    assert.deepEqual(spec('16xlarge_3_0'), [1764, 64, 256, 1280, 10 * 1024, 1, linux]);
    assert.deepEqual(spec('16xlarge_ipv6_3_0'), [1760, 64, 256, 1280, 10 * 1024, 0, linux]);
    assert.deepEqual(spec('8xlarge_3_0'), [884, 32, 128, 1280, 9 * 1024, 1, linux]);
    // The sources list no Windows price for these sizes and families.
    for (const id of ['m_large_win_1_0', 'c_large_win_1_0', '8xlarge_win_3_0']) {
      assert.ok(!byId.has(id), `${id} is listed`);
    }
    // Power grows with size in each family, so a blueprint's minimum power orders them alike.
    const power = (id: string) => byId.get(id)!.power!;
    assert.ok(power('4xlarge_3_0') < power('8xlarge_3_0') && power('8xlarge_3_0') < power('16xlarge_3_0'));
    assert.equal(power('m_large_1_0'), power('large_3_0'));
    assert.ok(power('c_4xlarge_1_0') < power('c_9xlarge_1_0'));
  });

  it('answers the whole catalogue, retired entries included, in one page, as Lightsail does', async () => {
    const bundles = await client().send(new GetBundlesCommand({ includeInactive: true }));
    assert.equal(bundles.nextPageToken, undefined);
    assert.ok(bundles.bundles!.some((b) => b.bundleId === 'medium_win_2_1' && b.isActive === false));
    const blueprints = await client().send(new GetBlueprintsCommand({ includeInactive: true }));
    assert.equal(blueprints.nextPageToken, undefined);
  });

  it('lists Lightsail for Research blueprints and plans only, and only with appCategory LfR', async () => {
    const blueprints = await client().send(new GetBlueprintsCommand({ appCategory: 'LfR' }));
    assertMatchesReference('GetBlueprints', blueprints);
    assert.ok(blueprints.blueprints!.length > 0);
    assert.ok(blueprints.blueprints!.every((b) => b.appCategory === 'LfR'));
    const bundles = await client().send(new GetBundlesCommand({ appCategory: 'LfR' }));
    assert.ok(bundles.bundles!.some((b) => b.bundleId === 'gpu_nvidia_xl_1_0'));
    assert.ok(bundles.bundles!.every((b) => b.supportedAppCategories?.includes('LfR')));
  });

  it('lists the database blueprints and plans scripts name, standard and high availability, with their prices', async () => {
    const blueprints = await client().send(new GetRelationalDatabaseBlueprintsCommand({}));
    assertMatchesReference('GetRelationalDatabaseBlueprints', blueprints);
    const engines = new Map(blueprints.blueprints!.map((b) => [b.blueprintId, b.engine]));
    for (const [id, engine] of [
      ['mysql_8_0', 'mysql'],
      ['postgres_16', 'postgres'],
      ['postgres_15', 'postgres'],
    ]) {
      assert.equal(engines.get(id), engine, `${id} is missing or of another engine`);
    }
    const bundles = await client().send(new GetRelationalDatabaseBundlesCommand({}));
    assertMatchesReference('GetRelationalDatabaseBundles', bundles);
    const byId = new Map(bundles.bundles!.map((b) => [b.bundleId, b]));
    // The pricing page's managed database plans: a high-availability plan costs twice its standard one.
    for (const [id, price, ram] of [
      ['micro_2_0', 15, 1],
      ['small_2_0', 30, 2],
      ['medium_2_0', 60, 4],
      ['large_2_0', 115, 8],
      ['micro_ha_2_0', 30, 1],
      ['large_ha_2_0', 230, 8],
    ] as const) {
      const b = byId.get(id);
      assert.ok(b, `${id} is missing`);
      assert.deepEqual([b.price, b.ramSizeInGb, b.isActive], [price, ram, true], id);
    }
  });

  it('creates instances from common ids (ubuntu_24_04 on large_3_0, IPv6-only, Windows)', async () => {
    await create('cat-1', 'ubuntu_24_04', 'large_3_0');
    await create('cat-2', 'amazon_linux_2023', 'micro_ipv6_3_0');
    await create('cat-3', 'windows_server_2022', 'medium_win_3_0');
    const instance = (await client().send(new GetInstanceCommand({ instanceName: 'cat-1' }))).instance;
    assert.deepEqual(
      [
        instance?.blueprintId,
        instance?.bundleId,
        instance?.hardware?.ramSizeInGb,
        instance?.hardware?.cpuCount,
      ],
      ['ubuntu_24_04', 'large_3_0', 8, 2],
    );
  });

  it('creates an instance on a memory-optimized plan, with its vCPUs and memory', async () => {
    await create('cat-mem', 'ubuntu_24_04', 'm_large_1_0');
    const instance = (await client().send(new GetInstanceCommand({ instanceName: 'cat-mem' }))).instance;
    assert.deepEqual(
      [
        instance?.bundleId,
        instance?.hardware?.cpuCount,
        instance?.hardware?.ramSizeInGb,
        instance?.hardware?.disks?.[0]?.sizeInGb,
      ],
      ['m_large_1_0', 2, 16, 160],
    );
    // Linux/Unix only: a Windows blueprint is refused on it.
    await rejectsWith(
      create('cat-mem-win', 'windows_server_2022', 'm_large_1_0'),
      InvalidInputException,
      /LINUX_UNIX/,
    );
  });

  it('refuses retired ids, a plan of another platform or kind, and a plan below the blueprint minimum power', async () => {
    await rejectsWith(create('no-1', 'ubuntu_20_04', 'nano_3_0'), InvalidInputException, /inactive/);
    await rejectsWith(create('no-2', 'ubuntu_24_04', 'nano_2_0'), InvalidInputException, /inactive/);
    await rejectsWith(create('no-3', 'ubuntu_24_04', 'nano_win_3_0'), InvalidInputException, /WINDOWS/);
    await rejectsWith(create('no-4', 'lfr_jupyterlab', 'large_3_0'), InvalidInputException, /Research/);
    await rejectsWith(
      create('no-5', 'ubuntu_24_04', 'app_standard_xl_1_0'),
      InvalidInputException,
      /Research/,
    );
    await rejectsWith(create('no-6', 'gitlab_bitnami', 'nano_3_0'), InvalidInputException, /power 2000/);
    await rejectsWith(create('no-7', 'plan9', 'nano_3_0'), InvalidInputException, /does not exist/);
  });
});
