/**
 * The database engines and sizes Lightsail offers, as its console lists them. Creating a
 * database checks its blueprint and bundle ids against these lists, so the lists are the one
 * place that says what the emulator accepts.
 *
 * Sources (read 2026-12): the Lightsail pricing page's managed database plans (standard $15,
 * $30, $60, $115; high availability twice that; 100 GB of transfer each) and the developer
 * guide's list of supported MySQL and PostgreSQL major versions. The `_1_0` plans are inactive,
 * listed with includeInactive only.
 *
 * The plans added in 2026-01 are not emulated yet: a third-party pricing guide (2026-03) says the
 * database plans were expanded then, but a search of public documentation and pages (2026-12)
 * found neither their ids nor their specs, and an id made up here would let scripts pass
 * against the emulator that fail against Lightsail.
 */

export const DATABASE_BLUEPRINTS = [
  {
    blueprintId: 'mysql_8_0',
    engine: 'mysql',
    engineDescription: 'MySQL Community Edition',
    engineVersion: '8.0.40',
    engineVersionDescription: 'MySQL 8.0.40',
    isEngineDefault: true,
  },
  {
    blueprintId: 'postgres_16',
    engine: 'postgres',
    engineDescription: 'PostgreSQL',
    engineVersion: '16.6',
    engineVersionDescription: 'PostgreSQL 16.6-R1',
    isEngineDefault: true,
  },
  {
    blueprintId: 'postgres_15',
    engine: 'postgres',
    engineDescription: 'PostgreSQL',
    engineVersion: '15.10',
    engineVersionDescription: 'PostgreSQL 15.10-R1',
    isEngineDefault: false,
  },
  {
    blueprintId: 'postgres_14',
    engine: 'postgres',
    engineDescription: 'PostgreSQL',
    engineVersion: '14.15',
    engineVersionDescription: 'PostgreSQL 14.15-R1',
    isEngineDefault: false,
  },
  {
    blueprintId: 'postgres_13',
    engine: 'postgres',
    engineDescription: 'PostgreSQL',
    engineVersion: '13.18',
    engineVersionDescription: 'PostgreSQL 13.18-R1',
    isEngineDefault: false,
  },
] as const;

/** Standard (single zone) and high-availability (`_ha_`) plans; price in US dollars a month. */
export const DATABASE_BUNDLES = [
  {
    bundleId: 'micro_2_0',
    name: 'Micro',
    price: 15,
    ramSizeInGb: 1,
    diskSizeInGb: 40,
    transferPerMonthInGb: 100,
    cpuCount: 2,
  },
  {
    bundleId: 'small_2_0',
    name: 'Small',
    price: 30,
    ramSizeInGb: 2,
    diskSizeInGb: 80,
    transferPerMonthInGb: 100,
    cpuCount: 2,
  },
  {
    bundleId: 'medium_2_0',
    name: 'Medium',
    price: 60,
    ramSizeInGb: 4,
    diskSizeInGb: 120,
    transferPerMonthInGb: 100,
    cpuCount: 2,
  },
  {
    bundleId: 'large_2_0',
    name: 'Large',
    price: 115,
    ramSizeInGb: 8,
    diskSizeInGb: 240,
    transferPerMonthInGb: 100,
    cpuCount: 2,
  },
  {
    bundleId: 'micro_ha_2_0',
    name: 'Micro HA',
    price: 30,
    ramSizeInGb: 1,
    diskSizeInGb: 40,
    transferPerMonthInGb: 100,
    cpuCount: 2,
  },
  {
    bundleId: 'small_ha_2_0',
    name: 'Small HA',
    price: 60,
    ramSizeInGb: 2,
    diskSizeInGb: 80,
    transferPerMonthInGb: 100,
    cpuCount: 2,
  },
  {
    bundleId: 'medium_ha_2_0',
    name: 'Medium HA',
    price: 120,
    ramSizeInGb: 4,
    diskSizeInGb: 120,
    transferPerMonthInGb: 100,
    cpuCount: 2,
  },
  {
    bundleId: 'large_ha_2_0',
    name: 'Large HA',
    price: 230,
    ramSizeInGb: 8,
    diskSizeInGb: 240,
    transferPerMonthInGb: 100,
    cpuCount: 2,
  },
] as const;

/** The first generation of plans, at their last prices: inactive, on existing databases only. */
export const RETIRED_DATABASE_BUNDLES = (['micro', 'small', 'medium', 'large'] as const).flatMap((size, i) =>
  [false, true].map((ha) => ({
    bundleId: `${size}${ha ? '_ha' : ''}_1_0`,
    name: `${size[0]!.toUpperCase()}${size.slice(1)}${ha ? ' HA' : ''}`,
    price: [15, 30, 60, 115][i]! * (ha ? 2 : 1),
    ramSizeInGb: [1, 2, 4, 8][i]!,
    diskSizeInGb: [40, 80, 120, 240][i]!,
    transferPerMonthInGb: 100,
    cpuCount: i === 0 ? 1 : 2,
  })),
);
