import { z } from 'zod';
import { LIGHTSAIL_REGIONS } from '../lightsail-facts';
import { requiredOr } from './messages';

/** Shared pieces of the procedures' input schemas. */

export const Region = z.enum(LIGHTSAIL_REGIONS, {
  error: requiredOr(
    (issue) =>
      `must be a Lightsail region (${LIGHTSAIL_REGIONS.join(', ')}), got ${JSON.stringify(issue.input)}`,
  ),
});

/** Lightsail's resource-name pattern, \w[\w\-]*\w, with its 255-character limit. */
export const ResourceName = z
  .string({ error: requiredOr('must be a string') })
  .max(255, 'must be at most 255 characters')
  .regex(
    /^\w[\w-]*\w$/,
    'must start and end with a letter or digit and contain only letters, digits, _ and -',
  );

/** Tags as a plain object; keys and values follow Lightsail's tag limits. */
export const Tags = z
  .record(
    z.string().min(1, 'tag keys must not be empty').max(128, 'tag keys are at most 128 characters'),
    z.string().max(256, 'tag values are at most 256 characters'),
  )
  .refine((tags) => !Object.keys(tags).some((k) => k.startsWith('lightsail-flows:')), {
    error: 'tag keys starting with "lightsail-flows:" are reserved for the tool',
  })
  .refine((tags) => Object.keys(tags).length <= 40, { error: 'at most 40 tags' });

/**
 * How often a long wait checks Lightsail. Production polls a long copy every minute or so;
 * tests and benchmarks run the emulator's clock fast and poll every fraction of a second.
 */
export const PollSchedule = z
  .strictObject({
    initialIntervalSeconds: z.number().min(0.05).max(600).default(5),
    maximumIntervalSeconds: z.number().min(0.05).max(3600).default(60),
    backoffCoefficient: z.number().min(1).max(10).default(1.5),
    timeoutMinutes: z
      .number()
      .min(1)
      .max(7 * 24 * 60)
      .default(12 * 60),
  })
  .refine((p) => p.maximumIntervalSeconds >= p.initialIntervalSeconds, {
    error: 'maximumIntervalSeconds must be at least initialIntervalSeconds',
    path: ['maximumIntervalSeconds'],
  });

export type PollSchedule = z.output<typeof PollSchedule>;

const RestoreDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date in YYYY-MM-DD format')
  .refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)), { error: 'must be a real calendar date' });

/**
 * An instance's or disk's automatic snapshot, by the resource and either its date or the latest
 * restorable one, as CopySnapshot takes it.
 */
export const AutomaticSnapshotSource = z
  .strictObject({
    type: z.literal('automatic'),
    /** The instance or disk whose automatic snapshot is meant. */
    resourceName: ResourceName,
    restoreDate: RestoreDate.optional(),
    useLatestRestorableAutoSnapshot: z.literal(true, { error: 'must be true when given' }).optional(),
  })
  .refine((s) => (s.restoreDate === undefined) !== (s.useLatestRestorableAutoSnapshot === undefined), {
    error: 'give exactly one of restoreDate and useLatestRestorableAutoSnapshot',
    path: ['restoreDate'],
  });
