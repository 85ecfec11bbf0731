import { z } from 'zod';
import { PollSchedule, ResourceName, Tags } from './common';
import { DrRegions, refineDrInput } from './dr-common';
import { CarryOver, CutOver, type DnsEntryMove } from './migrate-instance';
import type { StepTiming } from './progress';

/** The workflow type users type: `temporal workflow start --type failoverToRegion`. */
export const FAILOVER_WORKFLOW = 'failoverToRegion';

/** The failure of a failover in which no instance failed over; its first detail is the result. */
export const FAILOVER_FAILED = 'FailoverFailed';
export const FAILOVER_REJECTED = 'FailoverRejected';

/**
 * What the restored instance takes over from the one it replaces: migrateInstance's carry-over
 * without disks (the runbook copies instance snapshots only) and load balancers (regional).
 * Everything unless switched off; staticIp is a new one in the DR region, dns the entries that
 * pointed at the old address.
 */
export const FailoverCarryOver = CarryOver.pick({
  firewall: true,
  tags: true,
  autoSnapshot: true,
  metadataOptions: true,
  staticIp: true,
  dns: true,
});

export const FailoverInput = refineDrInput(
  z.strictObject({
    ...DrRegions,
    /** A name for an instance's replacement, by the instance's name; default: derived from the run. */
    newInstanceNames: z.record(ResourceName, ResourceName).default({}),
    carryOver: FailoverCarryOver.prefault({}),
    /** A distribution whose origin is pointed at the (one) restored instance. */
    distributionName: ResourceName.optional(),
    /** automatic: DNS changes right after verification; approve: after an `approve` gate. */
    cutOver: CutOver.prefault({}),
    tags: Tags.default({}),
    poll: PollSchedule.prefault({}),
  }),
)
  .refine(
    (i) => Object.keys(i.newInstanceNames).every((n) => !i.instanceNames || i.instanceNames.includes(n)),
    {
      error: 'may name only instances of instanceNames',
      path: ['newInstanceNames'],
    },
  )
  .refine((i) => !i.distributionName || (i.instanceNames?.length ?? 0) === 1, {
    error: 'a distribution has one origin: give distributionName with exactly one instance in instanceNames',
    path: ['distributionName'],
  });

export type FailoverInput = z.input<typeof FailoverInput>;
export type FailoverParsedInput = z.output<typeof FailoverInput>;

/** One instance's failover, whatever its end. */
export interface FailoverInstanceOutcome {
  instanceName: string;
  outcome: 'failed-over' | 'failed';
  /** The series and snapshot restored, when one was found. */
  series?: string;
  snapshotName?: string;
  snapshotCreatedAt?: string;
  /** Where its settings came from: the primary's instance, or (primary down) the snapshot's record. */
  profileFrom?: 'primary' | 'snapshot';
  newInstance?: { region: string; name: string; arn: string; address?: string };
  staticIp?: { name: string; address: string; region: string };
  dnsEntries: DnsEntryMove[];
  distribution?: string;
  /** Why it failed (everything it made was deleted again). */
  problem?: string;
}

export interface FailoverResult {
  primaryRegion: string;
  drRegion: string;
  instances: FailoverInstanceOutcome[];
  steps: StepTiming[];
}
