/**
 * Lightsail's instance plans (bundles), as GetBundles answers them today.
 *
 * Sources (read 2026-12):
 * - vCPUs, memory, storage and the dual-stack prices of each size, Linux/Unix and Windows:
 *   "Understand baseline CPU performance" in the Lightsail developer guide,
 *   https://docs.aws.amazon.com/lightsail/latest/userguide/baseline-cpu-performance.html
 * - transfer allowances (1 TB for the smallest plan, one more a size up), IPv6-only plans
 *   ($3.50 for the smallest Linux one; each IPv6-only plan is its dual-stack plan less the public
 *   IPv4 address, $1.50 for nano and $2 for the others): the Lightsail pricing page,
 *   https://aws.amazon.com/lightsail/pricing/, and the API change of 2024-01-25 that added
 *   `publicIpv4AddressCount` for IPv6-only plans.
 * - Lightsail for Research plans (`appCategory` LfR): the Lightsail for Research user guide's
 *   plan list; their prices here are the emulator's approximation.
 * - ids follow the API's scheme (`<size>_3_0`, `<size>_win_3_0`, `<size>_ipv6_3_0`,
 *   `<size>_win_ipv6_3_0`); the older `_2_0` and `_2_1` families are inactive, listed with
 *   includeInactive only. Memory-optimized plans (launched 2026-02) are not emulated yet.
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
  windowsDisk: number;
  transferTb: number;
  power: number;
  linuxPrice: number;
  /** Undefined: no Windows plan of this size. */
  windowsPrice?: number;
}

const SIZES: Size[] = [
  {
    type: 'nano',
    name: 'Nano',
    cpuCount: 2,
    ramSizeInGb: 0.5,
    linuxDisk: 20,
    windowsDisk: 30,
    transferTb: 1,
    power: 300,
    linuxPrice: 5,
    windowsPrice: 9.5,
  },
  {
    type: 'micro',
    name: 'Micro',
    cpuCount: 2,
    ramSizeInGb: 1,
    linuxDisk: 40,
    windowsDisk: 40,
    transferTb: 2,
    power: 500,
    linuxPrice: 7,
    windowsPrice: 14,
  },
  {
    type: 'small',
    name: 'Small',
    cpuCount: 2,
    ramSizeInGb: 2,
    linuxDisk: 60,
    windowsDisk: 60,
    transferTb: 3,
    power: 1000,
    linuxPrice: 12,
    windowsPrice: 22,
  },
  {
    type: 'medium',
    name: 'Medium',
    cpuCount: 2,
    ramSizeInGb: 4,
    linuxDisk: 80,
    windowsDisk: 80,
    transferTb: 4,
    power: 2000,
    linuxPrice: 24,
    windowsPrice: 44,
  },
  {
    type: 'large',
    name: 'Large',
    cpuCount: 2,
    ramSizeInGb: 8,
    linuxDisk: 160,
    windowsDisk: 160,
    transferTb: 5,
    power: 3000,
    linuxPrice: 44,
    windowsPrice: 74,
  },
  {
    type: 'xlarge',
    name: 'Xlarge',
    cpuCount: 4,
    ramSizeInGb: 16,
    linuxDisk: 320,
    windowsDisk: 320,
    transferTb: 6,
    power: 4000,
    linuxPrice: 84,
    windowsPrice: 124,
  },
  {
    type: '2xlarge',
    name: '2xlarge',
    cpuCount: 8,
    ramSizeInGb: 32,
    linuxDisk: 640,
    windowsDisk: 640,
    transferTb: 7,
    power: 5000,
    linuxPrice: 164,
    windowsPrice: 244,
  },
  {
    type: '4xlarge',
    name: '4xlarge',
    cpuCount: 16,
    ramSizeInGb: 64,
    linuxDisk: 1280,
    windowsDisk: 1280,
    transferTb: 8,
    power: 6000,
    linuxPrice: 384,
  },
];

/** What an IPv6-only plan saves: the public IPv4 address it does without. */
const ipv4Price = (size: Size) => (size.type === 'nano' ? 1.5 : 2);

function plan(
  size: Size,
  platform: Platform,
  ipv6Only: boolean,
  family = '3_0',
  isActive = true,
): InstanceBundle {
  const windows = platform === 'WINDOWS';
  const dualStackPrice = windows ? size.windowsPrice! : size.linuxPrice;
  return {
    bundleId: `${size.type}${windows ? '_win' : ''}${ipv6Only ? '_ipv6' : ''}_${family}`,
    name: size.name,
    instanceType: size.type,
    price: ipv6Only ? dualStackPrice - ipv4Price(size) : dualStackPrice,
    cpuCount: size.cpuCount,
    ramSizeInGb: size.ramSizeInGb,
    diskSizeInGb: windows ? size.windowsDisk : size.linuxDisk,
    transferPerMonthInGb: size.transferTb * 1024,
    power: size.power,
    platform,
    isActive,
    publicIpv4AddressCount: ipv6Only ? 0 : 1,
    supportedAppCategories: [],
  };
}

const CURRENT = SIZES.flatMap((size) => [
  plan(size, 'LINUX_UNIX', false),
  plan(size, 'LINUX_UNIX', true),
  ...(size.windowsPrice !== undefined ? [plan(size, 'WINDOWS', false), plan(size, 'WINDOWS', true)] : []),
]);

/** The plans before 2023's, still on existing instances: inactive, at their last prices. */
const RETIRED = SIZES.filter((s) => s.windowsPrice !== undefined).flatMap((size) =>
  ['2_0', '2_1'].flatMap((family) => [
    plan(size, 'LINUX_UNIX', false, family, false),
    plan(size, 'WINDOWS', false, family, false),
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
