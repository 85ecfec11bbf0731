/** The regions, blueprints and bundles the emulator knows: a small, realistic subset. */

export const REGIONS = [
  'us-east-1',
  'us-east-2',
  'us-west-1',
  'us-west-2',
  'eu-west-1',
  'eu-west-2',
  'eu-west-3',
  'eu-central-1',
  'ca-central-1',
  'ap-south-1',
  'ap-southeast-1',
  'ap-southeast-2',
  'ap-northeast-1',
  'ap-northeast-2',
  'eu-north-1',
] as const;

export const ACCOUNT_ID = '123456789012';

export interface Blueprint {
  blueprintId: string;
  name: string;
  platform: 'LINUX_UNIX' | 'WINDOWS';
}

export const BLUEPRINTS: Blueprint[] = [
  { blueprintId: 'wordpress', name: 'WordPress', platform: 'LINUX_UNIX' },
  { blueprintId: 'amazon_linux_2023', name: 'Amazon Linux 2023', platform: 'LINUX_UNIX' },
  { blueprintId: 'ubuntu_22_04', name: 'Ubuntu', platform: 'LINUX_UNIX' },
  { blueprintId: 'windows_server_2022', name: 'Windows Server 2022', platform: 'WINDOWS' },
];

export interface Bundle {
  bundleId: string;
  diskSizeInGb: number;
  ramSizeInGb: number;
  platform: 'LINUX_UNIX' | 'WINDOWS';
}

export const BUNDLES: Bundle[] = [
  { bundleId: 'nano_3_0', diskSizeInGb: 20, ramSizeInGb: 0.5, platform: 'LINUX_UNIX' },
  { bundleId: 'micro_3_0', diskSizeInGb: 40, ramSizeInGb: 1, platform: 'LINUX_UNIX' },
  { bundleId: 'small_3_0', diskSizeInGb: 60, ramSizeInGb: 2, platform: 'LINUX_UNIX' },
  { bundleId: 'medium_3_0', diskSizeInGb: 80, ramSizeInGb: 4, platform: 'LINUX_UNIX' },
  { bundleId: 'small_win_3_0', diskSizeInGb: 60, ramSizeInGb: 2, platform: 'WINDOWS' },
  { bundleId: 'medium_win_3_0', diskSizeInGb: 80, ramSizeInGb: 4, platform: 'WINDOWS' },
];

export function arn(region: string, resourceType: string, id: string): string {
  return `arn:aws:lightsail:${region}:${ACCOUNT_ID}:${resourceType}/${id}`;
}
