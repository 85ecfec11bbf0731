import { invalidInput } from '../../errors';

/** The container service powers Lightsail sells: per-node capacity and monthly price in USD. */
export const POWERS = [
  { name: 'nano', powerId: 'nano-1', cpuCount: 0.25, ramSizeInGb: 0.5, price: 7 },
  { name: 'micro', powerId: 'micro-1', cpuCount: 0.25, ramSizeInGb: 1, price: 10 },
  { name: 'small', powerId: 'small-1', cpuCount: 0.5, ramSizeInGb: 1, price: 15 },
  { name: 'medium', powerId: 'medium-1', cpuCount: 1, ramSizeInGb: 2, price: 40 },
  { name: 'large', powerId: 'large-1', cpuCount: 2, ramSizeInGb: 4, price: 80 },
  { name: 'xlarge', powerId: 'xlarge-1', cpuCount: 4, ramSizeInGb: 8, price: 160 },
] as const;

export const POWER_NAMES = POWERS.map((p) => p.name);

export function powerOf(name: string): (typeof POWERS)[number] {
  const power = POWERS.find((p) => p.name === name);
  if (!power) throw invalidInput(`power must be one of ${POWER_NAMES.join(', ')}; got "${name}".`);
  return power;
}

/** The scale's range in the reference: 1 to 20 nodes. */
export function checkScale(value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > 20) {
    throw invalidInput('scale must be an integer from 1 to 20.');
  }
  return value;
}
