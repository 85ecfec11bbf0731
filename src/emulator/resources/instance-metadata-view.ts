import type { StoredInstance } from '../state';

/**
 * The Instance's `metadataOptions` as Lightsail shows them: pending until a change is applied
 * (instance-metadata.ts), then applied. Kept apart from the action so views.ts can use it
 * without importing the action modules.
 */

export interface StoredMetadataOptions {
  httpTokens: 'optional' | 'required';
  httpEndpoint: 'enabled' | 'disabled';
  httpPutResponseHopLimit: number;
  httpProtocolIpv6: 'enabled' | 'disabled';
  /** Until then the settings are pending. */
  appliesAtMs: number;
}

/** What a new instance has: EC2's defaults, already applied. */
export const METADATA_DEFAULTS: Omit<StoredMetadataOptions, 'appliesAtMs'> = {
  httpTokens: 'optional',
  httpEndpoint: 'enabled',
  httpPutResponseHopLimit: 1,
  httpProtocolIpv6: 'disabled',
};

export function metadataOptionsView(r: StoredInstance, now: number) {
  const { appliesAtMs, ...settings } = r.metadataOptions ?? { ...METADATA_DEFAULTS, appliesAtMs: 0 };
  return { state: now < appliesAtMs ? 'pending' : 'applied', ...settings };
}
