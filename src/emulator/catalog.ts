import { LIGHTSAIL_REGIONS } from '../regions';

/** The regions, blueprints and bundles the emulator knows: a small, realistic subset. */

/** The emulator serves exactly the regions the project's schemas accept. */
export const REGIONS = LIGHTSAIL_REGIONS;

export const ACCOUNT_ID = '123456789012';

export type Platform = 'LINUX_UNIX' | 'WINDOWS';

export interface Blueprint {
  blueprintId: string;
  name: string;
  platform: Platform;
}

export const BLUEPRINTS: Blueprint[] = [
  { blueprintId: 'wordpress', name: 'WordPress', platform: 'LINUX_UNIX' },
  { blueprintId: 'amazon_linux_2023', name: 'Amazon Linux 2023', platform: 'LINUX_UNIX' },
  { blueprintId: 'ubuntu_22_04', name: 'Ubuntu', platform: 'LINUX_UNIX' },
  { blueprintId: 'windows_server_2022', name: 'Windows Server 2022', platform: 'WINDOWS' },
  // Its instances cannot be exported to EC2 (NON_EXPORTABLE_BLUEPRINTS).
  { blueprintId: 'cpanel_whm_linux', name: 'cPanel & WHM for Linux', platform: 'LINUX_UNIX' },
];

export interface Bundle {
  bundleId: string;
  cpuCount: number;
  diskSizeInGb: number;
  ramSizeInGb: number;
  platform: Platform;
}

export const BUNDLES: Bundle[] = [
  { bundleId: 'nano_3_0', cpuCount: 2, diskSizeInGb: 20, ramSizeInGb: 0.5, platform: 'LINUX_UNIX' },
  { bundleId: 'micro_3_0', cpuCount: 2, diskSizeInGb: 40, ramSizeInGb: 1, platform: 'LINUX_UNIX' },
  { bundleId: 'small_3_0', cpuCount: 2, diskSizeInGb: 60, ramSizeInGb: 2, platform: 'LINUX_UNIX' },
  { bundleId: 'medium_3_0', cpuCount: 2, diskSizeInGb: 80, ramSizeInGb: 4, platform: 'LINUX_UNIX' },
  { bundleId: 'nano_win_3_0', cpuCount: 2, diskSizeInGb: 30, ramSizeInGb: 0.5, platform: 'WINDOWS' },
  { bundleId: 'micro_win_3_0', cpuCount: 2, diskSizeInGb: 40, ramSizeInGb: 1, platform: 'WINDOWS' },
  { bundleId: 'small_win_3_0', cpuCount: 2, diskSizeInGb: 60, ramSizeInGb: 2, platform: 'WINDOWS' },
  { bundleId: 'medium_win_3_0', cpuCount: 2, diskSizeInGb: 80, ramSizeInGb: 4, platform: 'WINDOWS' },
];

/** The system disk size of an instance of this bundle: what its snapshots measure. */
export function systemDiskSizeInGb(bundleId: string): number {
  return BUNDLES.find((b) => b.bundleId === bundleId)?.diskSizeInGb ?? 40;
}

export function arn(region: string, resourceType: string, id: string): string {
  return `arn:aws:lightsail:${region}:${ACCOUNT_ID}:${resourceType}/${id}`;
}
