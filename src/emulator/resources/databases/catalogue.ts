/**
 * The database engines and sizes Lightsail offers, as its console lists them. Creating a
 * database checks its blueprint and bundle ids against these lists, so the lists are the one
 * place that says what the emulator accepts.
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
] as const;
