import { BLUEPRINTS, BUNDLES, type Blueprint, type Bundle } from '../catalog';
import type { ActionRegistry } from '../registry';
import { optionalBoolean, optionalString, requireOneOf, type Params } from '../validation';

/**
 * GetBlueprints and GetBundles: the catalogue (catalogue/), paged. Inactive entries are listed
 * only with includeInactive; Lightsail for Research ones only with appCategory LfR, and then
 * only they, as the model documents.
 */

/**
 * Lightsail answers its whole catalogue in one page in practice, and callers (this project's
 * migration checks too) read only the first: a page (pagination.ts, 100) holds more than the
 * catalogue has.
 */

function blueprintView(b: Blueprint) {
  return {
    blueprintId: b.blueprintId,
    name: b.name,
    group: b.group,
    type: b.type,
    description: `${b.name} ${b.version}${b.type === 'app' ? ` on ${b.appCategory ? 'Ubuntu' : 'Linux'}` : ''}.`,
    isActive: b.isActive,
    minPower: b.minPower,
    version: b.version,
    versionCode: b.version.replace(/\D+/g, '.').replace(/^\.|\.$/g, '') || '1',
    productUrl: b.productUrl,
    licenseUrl: b.productUrl,
    platform: b.platform,
    ...(b.appCategory ? { appCategory: b.appCategory } : {}),
  };
}

function bundleView(b: Bundle) {
  return {
    bundleId: b.bundleId,
    name: b.name,
    price: b.price,
    cpuCount: b.cpuCount,
    diskSizeInGb: b.diskSizeInGb,
    ramSizeInGb: b.ramSizeInGb,
    transferPerMonthInGb: b.transferPerMonthInGb,
    instanceType: b.instanceType,
    power: b.power,
    supportedPlatforms: [b.platform],
    supportedAppCategories: b.supportedAppCategories,
    publicIpv4AddressCount: b.publicIpv4AddressCount,
    isActive: b.isActive,
  };
}

/** The entries a catalogue call asks for; the server pages them (pagination.ts). */
function listed<T extends { isActive: boolean }>(
  params: Params,
  items: T[],
  isResearch: (item: T) => boolean,
): T[] {
  const includeInactive = optionalBoolean(params, 'includeInactive') ?? false;
  const appCategory = optionalString(params, 'appCategory');
  const research = appCategory !== undefined && requireOneOf('appCategory', appCategory, ['LfR']) === 'LfR';
  return items.filter((i) => (includeInactive || i.isActive) && isResearch(i) === research);
}

export function registerCatalog(registry: ActionRegistry): void {
  registry.register(
    'GetBlueprints',
    (_ctx, params) => {
      return { blueprints: listed(params, BLUEPRINTS, (b) => b.appCategory === 'LfR').map(blueprintView) };
    },
    { mutating: false },
  );
  registry.register(
    'GetBundles',
    (_ctx, params) => {
      const bundles = listed(params, BUNDLES, (b) => b.supportedAppCategories.includes('LfR'));
      return { bundles: bundles.map(bundleView) };
    },
    { mutating: false },
  );
}
