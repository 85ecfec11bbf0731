import type { CompactServiceModel } from './service-shapes';
import serviceModel from './service-model.json';

/** Every action of today's Lightsail service model (a superset of the 2022 API reference's), sorted. */
export const REFERENCE_ACTIONS: string[] = Object.keys(
  (serviceModel as CompactServiceModel).operations,
).sort();
