import { invalidInput } from '../errors';
import { BLUEPRINTS, type Blueprint } from './blueprints';
import { INSTANCE_BUNDLES, type InstanceBundle } from './instance-bundles';

/** What CreateInstances checks of its blueprint and bundle against the catalogue. */

/** An active blueprint: inactive ones are listed for existing instances, not for new ones. */
export function newInstanceBlueprint(blueprintId: string): Blueprint {
  const blueprint = BLUEPRINTS.find((b) => b.blueprintId === blueprintId);
  if (!blueprint) throw invalidInput(`The blueprint ${blueprintId} does not exist.`);
  if (!blueprint.isActive) {
    throw invalidInput(
      `The blueprint ${blueprintId} is inactive: it is listed for existing instances only. Choose an active blueprint (GetBlueprints).`,
    );
  }
  return blueprint;
}

/**
 * An active bundle that can run the blueprint: the same platform, Lightsail for Research with
 * Lightsail for Research only, at least the blueprint's minimum power, and a disk that holds the
 * snapshot restored (if any).
 */
export function bundleFor(
  bundleId: string,
  blueprint: Blueprint | undefined,
  minDiskSizeInGb = 0,
): InstanceBundle {
  const bundle = INSTANCE_BUNDLES.find((b) => b.bundleId === bundleId);
  if (!bundle) throw invalidInput(`The bundle ${bundleId} does not exist.`);
  if (!bundle.isActive) {
    throw invalidInput(`The bundle ${bundleId} is inactive. Choose an active bundle (GetBundles).`);
  }
  if (blueprint && bundle.platform !== blueprint.platform) {
    throw invalidInput(
      `The bundle ${bundleId} is for ${bundle.platform} and cannot run a ${blueprint.platform} blueprint.`,
    );
  }
  const research = blueprint?.appCategory === 'LfR';
  if (blueprint && research !== bundle.supportedAppCategories.includes('LfR')) {
    throw invalidInput(
      research
        ? `The blueprint ${blueprint.blueprintId} is a Lightsail for Research blueprint; choose a Lightsail for Research bundle (GetBundles with appCategory LfR).`
        : `The bundle ${bundleId} is for Lightsail for Research blueprints only.`,
    );
  }
  if (blueprint && bundle.power < blueprint.minPower) {
    throw invalidInput(
      `The blueprint ${blueprint.blueprintId} needs a bundle of power ${blueprint.minPower} or more; ${bundleId} has ${bundle.power}.`,
    );
  }
  if (bundle.diskSizeInGb < minDiskSizeInGb) {
    throw invalidInput(
      `The bundle ${bundleId} (${bundle.diskSizeInGb} GB) is smaller than the snapshot (${minDiskSizeInGb} GB); choose a bundle of the same size or larger.`,
    );
  }
  return bundle;
}
