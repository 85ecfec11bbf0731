import { LIGHTSAIL_REGIONS } from '../lightsail-facts';
import { BLUEPRINTS } from './catalogue/blueprints';
import { INSTANCE_BUNDLES } from './catalogue/instance-bundles';

/** The regions, blueprints and bundles the emulator knows; the catalogue's data is in catalogue/. */

/** The emulator serves exactly the regions the project's schemas accept. */
export const REGIONS = LIGHTSAIL_REGIONS;

export const ACCOUNT_ID = '123456789012';

export { BLUEPRINTS, type Blueprint } from './catalogue/blueprints';
export {
  INSTANCE_BUNDLES as BUNDLES,
  type InstanceBundle as Bundle,
  type Platform,
} from './catalogue/instance-bundles';

/** The system disk size of an instance of this bundle: what its snapshots measure. */
export function systemDiskSizeInGb(bundleId: string): number {
  return INSTANCE_BUNDLES.find((b) => b.bundleId === bundleId)?.diskSizeInGb ?? 40;
}

/** Whether the blueprint is known at all (active or not). */
export const isBlueprint = (blueprintId: string) => BLUEPRINTS.some((b) => b.blueprintId === blueprintId);

export function arn(region: string, resourceType: string, id: string): string {
  return `arn:aws:lightsail:${region}:${ACCOUNT_ID}:${resourceType}/${id}`;
}
