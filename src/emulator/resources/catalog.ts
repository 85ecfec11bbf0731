import { BLUEPRINTS, BUNDLES, type Blueprint, type Bundle } from '../catalog';
import type { ActionRegistry } from '../registry';

/** GetBlueprints and GetBundles: the small catalogue CreateInstances accepts. */

/** Version details of the emulated blueprints, as GetBlueprints reports them. */
const BLUEPRINT_VERSIONS: Record<string, { version: string; productUrl: string }> = {
  wordpress: { version: '6.7.1', productUrl: 'https://aws.amazon.com/marketplace/pp/B00NN8Y43U' },
  amazon_linux_2023: {
    version: '2023.6.20241212.0',
    productUrl: 'https://aws.amazon.com/linux/amazon-linux-2023/',
  },
  ubuntu_22_04: { version: '22.04 LTS', productUrl: 'https://ubuntu.com/aws' },
  windows_server_2022: { version: '2022', productUrl: 'https://aws.amazon.com/windows/' },
};

function blueprintView(b: Blueprint) {
  const details = BLUEPRINT_VERSIONS[b.blueprintId] ?? {
    version: '1.0',
    productUrl: 'https://aws.amazon.com/lightsail/',
  };
  return {
    blueprintId: b.blueprintId,
    name: b.name,
    group: b.blueprintId,
    type: b.blueprintId === 'wordpress' ? 'app' : 'os',
    description: `${b.name} ${details.version}, as the lightsail-flows emulator offers it.`,
    isActive: true,
    minPower: 0,
    version: details.version,
    versionCode: '1',
    productUrl: details.productUrl,
    licenseUrl: `${details.productUrl}#license`,
    platform: b.platform,
  };
}

/** A bundle's monthly price and transfer grow with its RAM, as Lightsail's price list does. */
function bundleView(b: Bundle) {
  const windows = b.platform === 'WINDOWS';
  return {
    bundleId: b.bundleId,
    name: b.bundleId.replace(/_\d+_\d+$/, '').replace('_win', ' (Windows)'),
    price: (windows ? 9.5 : 5) * Math.max(1, b.ramSizeInGb) * (b.ramSizeInGb < 1 ? 0.7 : 1),
    cpuCount: b.cpuCount,
    diskSizeInGb: b.diskSizeInGb,
    ramSizeInGb: b.ramSizeInGb,
    transferPerMonthInGb: 1024 * Math.max(1, b.ramSizeInGb),
    instanceType: b.bundleId.split('_')[0]!,
    power: Math.round(b.ramSizeInGb * 500),
    supportedPlatforms: [b.platform],
    isActive: true,
  };
}

export function registerCatalog(registry: ActionRegistry): void {
  registry.register('GetBlueprints', () => ({ blueprints: BLUEPRINTS.map(blueprintView) }), {
    mutating: false,
  });
  registry.register('GetBundles', () => ({ bundles: BUNDLES.map(bundleView) }), { mutating: false });
}
