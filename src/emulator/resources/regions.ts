import { REGIONS } from '../catalog';
import type { ActionRegistry } from '../registry';

/** What GetRegions says of each region: its display name and continent, as the console shows. */
const REGION_DETAILS: Record<(typeof REGIONS)[number], { displayName: string; continentCode: string }> = {
  'us-east-1': { displayName: 'Virginia', continentCode: 'NA' },
  'us-east-2': { displayName: 'Ohio', continentCode: 'NA' },
  'us-west-1': { displayName: 'California', continentCode: 'NA' },
  'us-west-2': { displayName: 'Oregon', continentCode: 'NA' },
  'eu-west-1': { displayName: 'Ireland', continentCode: 'EU' },
  'eu-west-2': { displayName: 'London', continentCode: 'EU' },
  'eu-west-3': { displayName: 'Paris', continentCode: 'EU' },
  'eu-central-1': { displayName: 'Frankfurt', continentCode: 'EU' },
  'eu-north-1': { displayName: 'Stockholm', continentCode: 'EU' },
  'ca-central-1': { displayName: 'Montreal', continentCode: 'NA' },
  'ap-south-1': { displayName: 'Mumbai', continentCode: 'AP' },
  'ap-southeast-1': { displayName: 'Singapore', continentCode: 'AP' },
  'ap-southeast-2': { displayName: 'Sydney', continentCode: 'AP' },
  'ap-northeast-1': { displayName: 'Tokyo', continentCode: 'AP' },
  'ap-northeast-2': { displayName: 'Seoul', continentCode: 'AP' },
};

/** Every emulated region has three zones, a to c, for instances and databases alike. */
function zones(region: string) {
  return ['a', 'b', 'c'].map((z) => ({ zoneName: `${region}${z}`, state: 'available' }));
}

export function registerRegions(registry: ActionRegistry): void {
  registry.register(
    'GetRegions',
    (_ctx, params) => ({
      regions: REGIONS.map((name) => ({
        name,
        ...REGION_DETAILS[name],
        description: `This region is recommended to serve users in ${REGION_DETAILS[name].displayName}.`,
        // The zones are listed only when asked for, as on AWS.
        ...(params.includeAvailabilityZones === true ? { availabilityZones: zones(name) } : {}),
        ...(params.includeRelationalDatabaseAvailabilityZones === true
          ? { relationalDatabaseAvailabilityZones: zones(name) }
          : {}),
      })),
    }),
    { mutating: false },
  );
}
