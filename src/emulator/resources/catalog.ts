import { BLUEPRINTS, BUNDLES, type Blueprint, type Bundle } from '../catalog';
import type { ActionRegistry } from '../registry';
import { optionalBoolean, optionalString, requireOneOf, type Params } from '../validation';
import { page } from './common';

/**
 * GetBlueprints and GetBundles: the catalogue (catalogue/), paged. Inactive entries are listed
 * only with includeInactive; Lightsail for Research ones only with appCategory LfR, and then
 * only they, as the model documents.
 */

/**
 * Lightsail answers its whole catalogue in one page in practice, and callers (this project's
 * migration checks too) read only the first: a page holds more than the catalogue has.
 */
const PAGE_SIZE = 100;

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

/** The entries a catalogue call asks for, and the page of them its token points at. */
function listed<T extends { isActive: boolean }>(
  params: Params,
  items: T[],
  isResearch: (item: T) => boolean,
): { items: T[]; nextPageToken?: string } {
  const includeInactive = optionalBoolean(params, 'includeInactive') ?? false;
  const appCategory = optionalString(params, 'appCategory');
  const research = appCategory !== undefined && requireOneOf('appCategory', appCategory, ['LfR']) === 'LfR';
  const chosen = items.filter((i) => (includeInactive || i.isActive) && isResearch(i) === research);
  const { items: pageItems, next } = page(chosen, optionalString(params, 'pageToken'), PAGE_SIZE);
  return { items: pageItems, ...(next ? { nextPageToken: next } : {}) };
}

export function registerCatalog(registry: ActionRegistry): void {
  registry.register(
    'GetBlueprints',
    (_ctx, params) => {
      const { items, nextPageToken } = listed(params, BLUEPRINTS, (b) => b.appCategory === 'LfR');
      return { blueprints: items.map(blueprintView), ...(nextPageToken ? { nextPageToken } : {}) };
    },
    { mutating: false },
  );
  registry.register(
    'GetBundles',
    (_ctx, params) => {
      const { items, nextPageToken } = listed(params, BUNDLES, (b) =>
        b.supportedAppCategories.includes('LfR'),
      );
      return { bundles: items.map(bundleView), ...(nextPageToken ? { nextPageToken } : {}) };
    },
    { mutating: false },
  );
}
