import { BLUEPRINTS, BUNDLES } from '../catalog';
import type { ActionRegistry } from '../registry';

/** GetBlueprints and GetBundles: the small catalogue CreateInstances accepts. */
export function registerCatalog(registry: ActionRegistry): void {
  registry.register(
    'GetBlueprints',
    () => ({
      blueprints: BLUEPRINTS.map((b) => ({
        blueprintId: b.blueprintId,
        name: b.name,
        group: b.blueprintId,
        type: b.blueprintId === 'wordpress' ? 'app' : 'os',
        platform: b.platform,
        isActive: true,
        minPower: 0,
      })),
    }),
    { mutating: false },
  );

  registry.register(
    'GetBundles',
    () => ({
      bundles: BUNDLES.map((b) => ({
        bundleId: b.bundleId,
        name: b.bundleId,
        cpuCount: b.cpuCount,
        diskSizeInGb: b.diskSizeInGb,
        ramSizeInGb: b.ramSizeInGb,
        supportedPlatforms: [b.platform],
        isActive: true,
      })),
    }),
    { mutating: false },
  );
}
