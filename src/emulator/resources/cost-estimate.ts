import { BUNDLES } from '../catalog';
import { invalidInput, notFound } from '../errors';
import type { ActionContext, ActionRegistry } from '../registry';
import type { StoredBase } from '../state';
import { requireName, requireTimestampMs } from '../validation';
import { BUCKET_BUNDLES } from './bucket-bundles';
import { DATABASE_BUNDLES } from './databases/catalogue';

/**
 * GetCostEstimate: what a resource costs over a time range, one estimate a UTC day, from its
 * price list. Lightsail bills a bundle by the hour up to its monthly price, 744 hours (31 days)
 * making the month ($5 a month is $0.0067 an hour on its pricing page); block storage by the
 * GB-month. A resource is estimated from when it was created; a deleted one has no estimate.
 */

const HOURS_A_MONTH = 744;
const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
/** Block storage, US dollars a GB-month (Lightsail's pricing page). */
const DISK_PRICE_PER_GB_MONTH = 0.1;
/** A year of days at most, so one answer stays small. */
const MAX_DAYS = 366;

interface Priced {
  resource: StoredBase;
  resourceType: string;
  usageType: string;
  pricingUnit: 'Hrs' | 'GB-Mo';
  /** Cost and units of the hours given. */
  usage(hours: number): { cost: number; units: number };
}

function bundleUsage(monthlyPrice: number) {
  return (hours: number) => ({ cost: (hours * monthlyPrice) / HOURS_A_MONTH, units: hours });
}

function pricedResource(ctx: ActionContext, name: string): Priced {
  const { store } = ctx;
  const instance = store.instances[name];
  if (instance) {
    const bundle = BUNDLES.find((b) => b.bundleId === instance.bundleId);
    const price = bundle?.price ?? 0;
    return {
      resource: instance,
      resourceType: 'Instance',
      // The usage type Lightsail's bill names it by ("Understanding your Lightsail bill").
      usageType: `Bundle:${bundle?.ramSizeInGb ?? 0}GB${bundle?.platform === 'WINDOWS' ? ' (Windows)' : ''}`,
      pricingUnit: 'Hrs',
      usage: bundleUsage(price),
    };
  }
  const database = store.relationalDatabases[name];
  if (database) {
    const bundle = DATABASE_BUNDLES.find((b) => b.bundleId === database.bundleId);
    const price = bundle?.price ?? 0;
    return {
      resource: database,
      resourceType: 'RelationalDatabase',
      usageType: `RelationalDatabase:${bundle?.ramSizeInGb ?? 0}GB`,
      pricingUnit: 'Hrs',
      usage: bundleUsage(price),
    };
  }
  const bucket = store.buckets[name];
  if (bucket) {
    const price = BUCKET_BUNDLES.find((b) => b.bundleId === bucket.bundleId)?.price ?? 0;
    return {
      resource: bucket,
      resourceType: 'Bucket',
      usageType: 'BundleUsage',
      pricingUnit: 'Hrs',
      usage: bundleUsage(price),
    };
  }
  const disk = store.disks[name];
  if (disk) {
    return {
      resource: disk,
      resourceType: 'Disk',
      usageType: 'BlockStorageUsage',
      pricingUnit: 'GB-Mo',
      usage: (hours) => {
        const gbMonths = (disk.sizeInGb * hours) / HOURS_A_MONTH;
        return { cost: gbMonths * DISK_PRICE_PER_GB_MONTH, units: gbMonths };
      },
    };
  }
  throw notFound(
    `The resource ${name} does not exist in ${ctx.region}: cost estimates cover instances, databases, buckets and disks that exist.`,
  );
}

const round = (value: number, places: number) => Math.round(value * 10 ** places) / 10 ** places;

function estimate(ctx: ActionContext, name: string, startMs: number, endMs: number) {
  const priced = pricedResource(ctx, name);
  const resultsByTime = [];
  for (let dayStart = Math.floor(startMs / DAY_MS) * DAY_MS; dayStart < endMs; dayStart += DAY_MS) {
    const from = Math.max(dayStart, startMs, priced.resource.createdAtMs);
    const to = Math.min(dayStart + DAY_MS, endMs);
    const hours = Math.max(0, to - from) / HOUR_MS;
    const { cost, units } = priced.usage(hours);
    resultsByTime.push({
      usageCost: round(cost, 4),
      pricingUnit: priced.pricingUnit,
      unit: round(units, 4),
      currency: 'USD',
      timePeriod: { start: dayStart / 1000, end: (dayStart + DAY_MS) / 1000 },
    });
  }
  return {
    resourceName: name,
    resourceType: priced.resourceType,
    startTime: startMs / 1000,
    endTime: endMs / 1000,
    costEstimates: [{ usageType: priced.usageType, resultsByTime }],
  };
}

export function registerCostEstimate(registry: ActionRegistry): void {
  registry.register(
    'GetCostEstimate',
    (ctx, params) => {
      const name = requireName(params, 'resourceName');
      const startMs = requireTimestampMs(params, 'startTime');
      const endMs = requireTimestampMs(params, 'endTime');
      if (startMs >= endMs) throw invalidInput('startTime must be before endTime.');
      if (endMs - startMs > MAX_DAYS * DAY_MS) {
        throw invalidInput(`The time range must not exceed ${MAX_DAYS} days.`);
      }
      return { resourcesBudgetEstimate: [estimate(ctx, name, startMs, endMs)] };
    },
    { mutating: false },
  );
}
