/**
 * Lightsail's instance plans (bundles), as GetBundles answers them today.
 *
 * Sources (read 2026-12 unless said otherwise):
 * - vCPUs, memory, storage and the dual-stack prices of each size, Linux/Unix and Windows:
 *   "Understand baseline CPU performance" in the Lightsail developer guide,
 *   https://docs.aws.amazon.com/lightsail/latest/userguide/baseline-cpu-performance.html
 * - transfer allowances (1 TB for the smallest plan, one more a size up), IPv6-only plans
 *   ($3.50 for the smallest Linux one; each IPv6-only plan is its dual-stack plan less the public
 *   IPv4 address, $1.50 for nano and $2 for the others up to 4xlarge): the Lightsail pricing page,
 *   https://aws.amazon.com/lightsail/pricing/, and the API change of 2024-01-25 that added
 *   `publicIpv4AddressCount` for IPv6-only plans.
 * - general-purpose 8xlarge, 12xlarge and 16xlarge, and the memory-optimized (launched 2026-02)
 *   and compute-optimized families, with vCPUs, memory, disk, transfer and Linux prices with a
 *   public IPv4 address and IPv6-only: "Lightsail bundles" in the developer guide,
 *   https://docs.aws.amazon.com/lightsail/latest/userguide/amazon-lightsail-bundles.html, as a
 *   third-party plans file summarised it (read 2026-09-17). Those pages list the IPv6-only price of
 *   the large general-purpose and memory-optimized plans ($4 less than dual-stack) but not of the
 *   compute-optimized ones: theirs are the emulator's approximation, the same $4 less. They list
 *   no Windows price for these sizes and families, so they are Linux/Unix only here.
 * - ids follow the API's scheme (`<size>_3_0`, `<size>_win_3_0`, `<size>_ipv6_3_0`,
 *   `<size>_win_ipv6_3_0`); the older `_2_0` and `_2_1` families are inactive, listed with
 *   includeInactive only. `8xlarge_3_0`, `12xlarge_3_0` and `16xlarge_3_0` are seen in public
 *   Terraform and Pulumi code, as are `m_large_1_0`, `m_xlarge_1_0`, `m_2xlarge_1_0`
 *   (memory-optimized) and `c_large_1_0`, `c_xlarge_1_0`, `c_2xlarge_1_0` (compute-optimized).
 *   The other sizes of those two families (`m_4xlarge_1_0`, `c_9xlarge_1_0`, ...) and every
 *   IPv6-only id outside the general-purpose `_3_0` ones (`8xlarge_ipv6_3_0`, `m_large_ipv6_1_0`,
 *   ...) follow the scheme: they are the emulator's, not seen in public material. So are the
 *   names and instance types of the two families (`Memory-optimized Large`, `m_large`).
 * - `power` is the emulator's ordering of sizes, not a published figure: it grows one step a
 *   size in each family (nano 300 ... 4xlarge 6000, then 7000, 8000, 9000), and the same step
 *   has the same power in each family (c_9xlarge and 8xlarge 7000; c_18xlarge and 16xlarge 9000),
 *   so a blueprint's minimum power admits the same sizes whatever the family.
 */

export type Platform = 'LINUX_UNIX' | 'WINDOWS';

export interface InstanceBundle {
  bundleId: string;
  name: string;
  instanceType: string;
  /** US dollars a month. */
  price: number;
  cpuCount: number;
  ramSizeInGb: number;
  diskSizeInGb: number;
  transferPerMonthInGb: number;
  power: number;
  platform: Platform;
  isActive: boolean;
  publicIpv4AddressCount: number;
  supportedAppCategories: 'LfR'[];
}

interface Size {
  type: string;
  name: string;
  cpuCount: number;
  ramSizeInGb: number;
  linuxDisk: number;
  transferTb: number;
  power: number;
  linuxPrice: number;
  /** Where the source gives it; otherwise the dual-stack price less the IPv4 address (ipv4Price). */
  linuxIpv6Price?: number;
  /** Absent: no Windows plan of this size. */
  windows?: { price: number; disk: number };
}

/** A family of plans: its sizes, and what its ids and names add to a size's. */
interface Family {
  /** Before the size in the id and the instance type: `m_large_1_0`, `m_large`. */
  prefix: string;
  /** The id's last part. */
  version: string;
  /** Before the size's name: `Memory-optimized Large`. */
  label: string;
  sizes: Size[];
}

const GENERAL_PURPOSE: Family = {
  prefix: '',
  version: '3_0',
  label: '',
  sizes: [
    {
      type: 'nano',
      name: 'Nano',
      cpuCount: 2,
      ramSizeInGb: 0.5,
      linuxDisk: 20,
      transferTb: 1,
      power: 300,
      linuxPrice: 5,
      windows: { price: 9.5, disk: 30 },
    },
    {
      type: 'micro',
      name: 'Micro',
      cpuCount: 2,
      ramSizeInGb: 1,
      linuxDisk: 40,
      transferTb: 2,
      power: 500,
      linuxPrice: 7,
      windows: { price: 14, disk: 40 },
    },
    {
      type: 'small',
      name: 'Small',
      cpuCount: 2,
      ramSizeInGb: 2,
      linuxDisk: 60,
      transferTb: 3,
      power: 1000,
      linuxPrice: 12,
      windows: { price: 22, disk: 60 },
    },
    {
      type: 'medium',
      name: 'Medium',
      cpuCount: 2,
      ramSizeInGb: 4,
      linuxDisk: 80,
      transferTb: 4,
      power: 2000,
      linuxPrice: 24,
      windows: { price: 44, disk: 80 },
    },
    {
      type: 'large',
      name: 'Large',
      cpuCount: 2,
      ramSizeInGb: 8,
      linuxDisk: 160,
      transferTb: 5,
      power: 3000,
      linuxPrice: 44,
      windows: { price: 74, disk: 160 },
    },
    {
      type: 'xlarge',
      name: 'Xlarge',
      cpuCount: 4,
      ramSizeInGb: 16,
      linuxDisk: 320,
      transferTb: 6,
      power: 4000,
      linuxPrice: 84,
      windows: { price: 124, disk: 320 },
    },
    {
      type: '2xlarge',
      name: '2xlarge',
      cpuCount: 8,
      ramSizeInGb: 32,
      linuxDisk: 640,
      transferTb: 7,
      power: 5000,
      linuxPrice: 164,
      windows: { price: 244, disk: 640 },
    },
    {
      type: '4xlarge',
      name: '4xlarge',
      cpuCount: 16,
      ramSizeInGb: 64,
      linuxDisk: 1280,
      transferTb: 8,
      power: 6000,
      linuxPrice: 384,
    },
    {
      type: '8xlarge',
      name: '8xlarge',
      cpuCount: 32,
      ramSizeInGb: 128,
      linuxDisk: 1280,
      transferTb: 9,
      power: 7000,
      linuxPrice: 884,
      linuxIpv6Price: 880,
    },
    {
      type: '12xlarge',
      name: '12xlarge',
      cpuCount: 48,
      ramSizeInGb: 192,
      linuxDisk: 1280,
      transferTb: 10,
      power: 8000,
      linuxPrice: 1324,
      linuxIpv6Price: 1320,
    },
    {
      type: '16xlarge',
      name: '16xlarge',
      cpuCount: 64,
      ramSizeInGb: 256,
      linuxDisk: 1280,
      transferTb: 10,
      power: 9000,
      linuxPrice: 1764,
      linuxIpv6Price: 1760,
    },
  ],
};

/** A size of the two newer families: Linux/Unix only, both prices as the source gives them. */
const linuxSize = (
  type: string,
  cpuCount: number,
  ramSizeInGb: number,
  linuxDisk: number,
  transferTb: number,
  power: number,
  [linuxPrice, linuxIpv6Price]: [number, number],
): Size => ({
  type,
  name: type === 'large' ? 'Large' : type === 'xlarge' ? 'Xlarge' : type,
  cpuCount,
  ramSizeInGb,
  linuxDisk,
  transferTb,
  power,
  linuxPrice,
  linuxIpv6Price,
});

/** Memory-optimized (launched 2026-02): eight GB of memory a vCPU. */
const MEMORY_OPTIMIZED: Family = {
  prefix: 'm_',
  version: '1_0',
  label: 'Memory-optimized ',
  sizes: [
    linuxSize('large', 2, 16, 160, 5, 3000, [74, 70]),
    linuxSize('xlarge', 4, 32, 320, 6, 4000, [144, 140]),
    linuxSize('2xlarge', 8, 64, 640, 7, 5000, [294, 290]),
    linuxSize('4xlarge', 16, 128, 1280, 8, 6000, [584, 580]),
    linuxSize('8xlarge', 32, 256, 1280, 9, 7000, [1174, 1170]),
    linuxSize('12xlarge', 48, 384, 1280, 10, 8000, [1764, 1760]),
    linuxSize('16xlarge', 64, 512, 1280, 10, 9000, [2344, 2340]),
  ],
};

/** Compute-optimized: two GB of memory a vCPU. IPv6-only prices: the emulator's, $4 less (see above). */
const COMPUTE_OPTIMIZED: Family = {
  prefix: 'c_',
  version: '1_0',
  label: 'Compute-optimized ',
  sizes: [
    linuxSize('large', 2, 4, 160, 5, 3000, [42, 38]),
    linuxSize('xlarge', 4, 8, 320, 6, 4000, [84, 80]),
    linuxSize('2xlarge', 8, 16, 640, 7, 5000, [168, 164]),
    linuxSize('4xlarge', 16, 32, 1280, 8, 6000, [336, 332]),
    linuxSize('9xlarge', 36, 72, 1280, 9, 7000, [844, 840]),
    linuxSize('12xlarge', 48, 96, 1280, 10, 8000, [1126, 1122]),
    linuxSize('18xlarge', 72, 144, 1280, 10, 9000, [1688, 1684]),
  ],
};

/** What an IPv6-only plan saves where the source gives no price of its own: the public IPv4 address. */
const ipv4Price = (size: Size) => (size.type === 'nano' ? 1.5 : 2);

function plan(
  family: Family,
  size: Size,
  platform: Platform,
  ipv6Only: boolean,
  version = family.version,
  isActive = true,
): InstanceBundle {
  const windows = platform === 'WINDOWS' ? size.windows : undefined;
  if (platform === 'WINDOWS' && !windows) throw new Error(`${size.type} has no Windows plan`);
  const dualStackPrice = windows ? windows.price : size.linuxPrice;
  const ipv6Price = windows
    ? windows.price - ipv4Price(size)
    : (size.linuxIpv6Price ?? size.linuxPrice - ipv4Price(size));
  return {
    bundleId: `${family.prefix}${size.type}${windows ? '_win' : ''}${ipv6Only ? '_ipv6' : ''}_${version}`,
    name: `${family.label}${size.name}`,
    instanceType: `${family.prefix}${size.type}`,
    price: ipv6Only ? ipv6Price : dualStackPrice,
    cpuCount: size.cpuCount,
    ramSizeInGb: size.ramSizeInGb,
    diskSizeInGb: windows ? windows.disk : size.linuxDisk,
    transferPerMonthInGb: size.transferTb * 1024,
    power: size.power,
    platform,
    isActive,
    publicIpv4AddressCount: ipv6Only ? 0 : 1,
    supportedAppCategories: [],
  };
}

const CURRENT = [GENERAL_PURPOSE, MEMORY_OPTIMIZED, COMPUTE_OPTIMIZED].flatMap((family) =>
  family.sizes.flatMap((size) => [
    plan(family, size, 'LINUX_UNIX', false),
    plan(family, size, 'LINUX_UNIX', true),
    ...(size.windows ? [plan(family, size, 'WINDOWS', false), plan(family, size, 'WINDOWS', true)] : []),
  ]),
);

/** The plans before 2023's, still on existing instances: inactive, at their last prices. */
const RETIRED = GENERAL_PURPOSE.sizes
  .filter((s) => s.windows)
  .flatMap((size) =>
    ['2_0', '2_1'].flatMap((version) => [
      plan(GENERAL_PURPOSE, size, 'LINUX_UNIX', false, version, false),
      plan(GENERAL_PURPOSE, size, 'WINDOWS', false, version, false),
    ]),
  );

/** Lightsail for Research: standard (CPU) and GPU plans, for LfR blueprints only. */
const RESEARCH: InstanceBundle[] = [
  {
    id: 'app_standard_xl_1_0',
    name: 'Standard XL',
    cpuCount: 4,
    ramSizeInGb: 8,
    diskSizeInGb: 50,
    price: 90,
  },
  {
    id: 'app_standard_2xl_1_0',
    name: 'Standard 2XL',
    cpuCount: 8,
    ramSizeInGb: 16,
    diskSizeInGb: 50,
    price: 180,
  },
  {
    id: 'app_standard_4xl_1_0',
    name: 'Standard 4XL',
    cpuCount: 16,
    ramSizeInGb: 32,
    diskSizeInGb: 50,
    price: 360,
  },
  { id: 'gpu_nvidia_xl_1_0', name: 'GPU XL', cpuCount: 4, ramSizeInGb: 16, diskSizeInGb: 50, price: 380 },
  { id: 'gpu_nvidia_2xl_1_0', name: 'GPU 2XL', cpuCount: 8, ramSizeInGb: 32, diskSizeInGb: 50, price: 540 },
  { id: 'gpu_nvidia_4xl_1_0', name: 'GPU 4XL', cpuCount: 16, ramSizeInGb: 64, diskSizeInGb: 50, price: 860 },
].map((r) => ({
  bundleId: r.id,
  name: r.name,
  instanceType: r.id.replace(/_1_0$/, ''),
  price: r.price,
  cpuCount: r.cpuCount,
  ramSizeInGb: r.ramSizeInGb,
  diskSizeInGb: r.diskSizeInGb,
  transferPerMonthInGb: 1024,
  power: r.cpuCount * 1000,
  platform: 'LINUX_UNIX' as const,
  isActive: true,
  publicIpv4AddressCount: 1,
  supportedAppCategories: ['LfR' as const],
}));

export const INSTANCE_BUNDLES: InstanceBundle[] = [...CURRENT, ...RETIRED, ...RESEARCH];
