import { z } from 'zod';
import { PollSchedule, Tags } from './common';
import { DrRegions, refineDrInput } from './dr-common';

export { DR_DRILL_WORKFLOW, DRILL_TARGETS_MISSED } from './dr-report';

/**
 * A drill: the failover's restore and verification under scratch names, measured against the
 * targets, and everything it made deleted again. Nothing in the primary region is changed.
 */
export const DrDrillInput = refineDrInput(
  z.strictObject({
    ...DrRegions,
    /** Targets the drill is measured against; a missed one ends the drill failed. */
    targets: z
      .strictObject({
        /** Drill start to verified healthy. */
        maxRecoveryMinutes: z
          .number()
          .positive('must be more than 0')
          .max(7 * 24 * 60)
          .default(60),
        /** The restored copy's age: a nightly copy, plus slack. */
        maxSnapshotAgeHours: z
          .number()
          .positive('must be more than 0')
          .max(90 * 24)
          .default(26),
      })
      .prefault({}),
    /** Open the primary instance's ports on the scratch one (read from the primary when it answers). */
    carryFirewall: z.boolean().default(true),
    tags: Tags.default({}),
    poll: PollSchedule.prefault({}),
  }),
);

export type DrDrillInput = z.input<typeof DrDrillInput>;
export type DrDrillParsedInput = z.output<typeof DrDrillInput>;
