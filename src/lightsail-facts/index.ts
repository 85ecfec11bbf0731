/**
 * Facts about Amazon Lightsail that both the product and the emulator need. Neither owns this
 * module: it imports nothing, so the emulator (src/emulator/) can be lifted out with it alone
 * (test/unit/emulator-imports.test.ts keeps it so).
 */
export { LIGHTSAIL_REGIONS, type LightsailRegion } from './regions';
export { NON_EXPORTABLE_BLUEPRINTS } from './exports';
export { STATIC_IPS_PER_REGION } from './quotas';
