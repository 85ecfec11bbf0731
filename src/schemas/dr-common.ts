import { z } from 'zod';
import { Region, ResourceName } from './common';
import { InstanceVerification } from './migrate-instance';

/**
 * What a failover and a drill share: which instances (by name or by a tag they carry in the
 * primary region), which regions, and how a restored instance is verified.
 */

/** At most this many instances in one run: each adds about 60 events to its history. */
export const MAX_DR_INSTANCES = 50;

/** A tag the instances to recover carry in the primary region: key, and value if given. */
export const InstanceTag = z.strictObject({
  key: z.string().min(1, 'must not be empty').max(128, 'must be at most 128 characters'),
  value: z.string().max(256, 'must be at most 256 characters').optional(),
});

export const DrRegions = {
  /** Where the instances run today (or ran, before the disaster). Only read. */
  primaryRegion: Region,
  /** Where the nightly DR runbook copies their snapshots, and where they are restored. */
  drRegion: Region,
  /** One instance or a list, by name. Give this or instanceTag. */
  instanceNames: z
    .array(ResourceName)
    .min(1, 'give at least one instance')
    .max(MAX_DR_INSTANCES, `at most ${MAX_DR_INSTANCES} instances in one run`)
    .refine((names) => new Set(names).size === names.length, { error: 'must not name an instance twice' })
    .optional(),
  /** Every instance of the primary region carrying this tag. Give this or instanceNames. */
  instanceTag: InstanceTag.optional(),
  /** How many instances are restored at once. */
  maxConcurrency: z.int().min(1).max(20).default(4),
  verification: InstanceVerification.prefault({ type: 'http' }),
};

/** The refinements every DR input shares: one way to choose instances, two distinct regions. */
export function refineDrInput<
  T extends z.ZodType<{
    primaryRegion: string;
    drRegion: string;
    instanceNames?: string[];
    instanceTag?: unknown;
  }>,
>(schema: T) {
  return schema
    .refine((i) => (i.instanceNames === undefined) !== (i.instanceTag === undefined), {
      error: 'give exactly one of instanceNames and instanceTag',
      path: ['instanceNames'],
    })
    .refine((i) => i.primaryRegion !== i.drRegion, {
      error: 'must differ from primaryRegion: the DR copies live in another region',
      path: ['drRegion'],
    });
}
