import { REGIONS } from '../catalog';
import type { ActionRegistry } from '../registry';

export function registerRegions(registry: ActionRegistry): void {
  registry.register(
    'GetRegions',
    (_ctx, params) => ({
      regions: REGIONS.map((name) => ({
        name,
        displayName: name,
        continentCode: name.split('-')[0]!.toUpperCase(),
        description: `Lightsail region ${name} (emulated)`,
        ...(params.includeAvailabilityZones === true
          ? {
              availabilityZones: ['a', 'b', 'c'].map((z) => ({
                zoneName: `${name}${z}`,
                state: 'available',
              })),
            }
          : {}),
      })),
    }),
    { mutating: false },
  );
}
