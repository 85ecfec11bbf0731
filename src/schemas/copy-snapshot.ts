import { z } from 'zod';
import type { LightsailRegion } from '../lightsail-facts';
import { AutomaticSnapshotSource, PollSchedule, Region, ResourceName, Tags } from './common';
import { requiredOr } from './messages';
import type { StepTiming } from './progress';

/** The workflow type users type: `temporal workflow start --type copySnapshotAcrossRegions`. */
export const COPY_SNAPSHOT_WORKFLOW = 'copySnapshotAcrossRegions';

/**
 * A manual snapshot by name, an instance's or disk's automatic snapshot, or an instance to
 * snapshot now (the snapshot is named `<instance>-<YYYY-MM-DD-HHmmss>`, the run's start in UTC).
 */
export const CopySnapshotSource = z.discriminatedUnion(
  'type',
  [
    z.strictObject({
      type: z.literal('manual'),
      snapshotName: ResourceName,
    }),
    z.strictObject({
      type: z.literal('instance'),
      instanceName: ResourceName,
    }),
    AutomaticSnapshotSource,
  ],
  {
    error: requiredOr(
      'must have "type": "manual" (with snapshotName), "automatic" (with resourceName) or "instance" (with instanceName)',
    ),
  },
);

export const RestoreInstance = z.strictObject({
  /** The new instance's name in each target region. */
  instanceName: ResourceName,
  /** Defaults to the bundle of the instance the snapshot was taken from. */
  bundleId: z.string().min(1).optional(),
  /** The zone letter within each target region: "a" gives eu-west-1a. */
  availabilityZoneLetter: z
    .string()
    .regex(/^[a-f]$/, 'must be one letter a-f')
    .default('a'),
});

/** Names the series of a runbook's snapshots, which retention prunes (and nothing else). */
export const SERIES_TAG_KEY = 'lightsail-flows:series';

/**
 * Keeps a runbook's snapshots from piling up: once the copies succeed, only the newest `keep`
 * snapshots of the series remain in each target region (and in the source region for an
 * instance source). Only snapshots this tool tagged with the series are ever deleted.
 */
export const Retention = z.strictObject({
  series: z.string().regex(/^[\w.-]{1,100}$/, 'must be 1-100 letters, digits, or . _ -'),
  keep: z.int('must be a whole number').min(1, 'must keep at least 1').max(100, 'must be at most 100'),
});

export const CopySnapshotInput = z
  .strictObject({
    sourceRegion: Region,
    /** One region, or several copied to in parallel. */
    targetRegions: z.preprocess(
      (r) => (typeof r === 'string' ? [r] : r),
      z
        .array(Region, { error: requiredOr('must be a region or a list of regions') })
        .min(1, 'must list at least one region')
        .refine((r) => new Set(r).size === r.length, { error: 'must not list a region twice' }),
    ),
    source: CopySnapshotSource,
    /** Default: derived from the source and the date, e.g. web-1-base-copy-2026-11-22-1454. */
    targetSnapshotName: ResourceName.optional(),
    tags: Tags.default({}),
    restore: RestoreInstance.optional(),
    retention: Retention.optional(),
    poll: PollSchedule.prefault({}),
  })
  .refine((i) => i.source.type !== 'instance' || !i.targetRegions.includes(i.sourceRegion), {
    error: 'must not include sourceRegion for an instance source: its snapshot is made there already',
    path: ['targetRegions'],
  });

/** What callers pass: targetRegions may be one region or a list. */
export type CopySnapshotInput = Omit<z.input<typeof CopySnapshotInput>, 'targetRegions'> & {
  targetRegions: LightsailRegion | LightsailRegion[];
};
export type CopySnapshotParsedInput = z.output<typeof CopySnapshotInput>;

/** What CopySnapshot itself takes: an instance source is first snapshotted into a manual one. */
export type CopyableSource = Exclude<CopySnapshotParsedInput['source'], { type: 'instance' }>;

export type SnapshotKind = 'InstanceSnapshot' | 'DiskSnapshot';

export interface CopySnapshotResult {
  source: {
    region: string;
    /** The manual snapshot's name, or the resource whose automatic snapshot was copied. */
    name: string;
    type: 'manual' | 'automatic' | 'instance';
    kind: SnapshotKind;
    arn?: string;
    /** For an automatic snapshot: the date of the one copied. */
    restoreDate?: string;
  };
  copies: {
    region: string;
    snapshotName: string;
    arn: string;
    kind: SnapshotKind;
    /** True when a retried copy found the snapshot it had made on an earlier attempt. */
    adopted: boolean;
    instance?: { name: string; arn: string };
  }[];
  /** What retention deleted, region by region. */
  retention?: { region: string; deleted: string[] }[];
  steps: StepTiming[];
}
