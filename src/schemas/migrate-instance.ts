import { z } from 'zod';
import { PollSchedule, Region, ResourceName, Tags } from './common';
import { requiredOr } from './messages';
import type { StepTiming } from './progress';

/** The workflow type users type: `temporal workflow start --type migrateInstance`. */
export const MIGRATE_INSTANCE_WORKFLOW = 'migrateInstance';

/** The updates a migration answers: the release gates, and finish-now to end the keep period. */
export const MIGRATION_UPDATES = {
  approve: 'approve',
  reject: 'reject',
  rollback: 'rollback',
  finishNow: 'finish-now',
} as const;

/** A duration people write: 7d, 36h, 90m, 45s (0s keeps the old instance no time at all). */
export const Duration = z
  .string({ error: requiredOr('must be a duration such as "7d", "12h", "30m" or "0s"') })
  .regex(/^\d{1,6}(s|m|h|d)$/, 'must be a duration such as "7d", "12h", "30m" or "0s"');

const UNIT_MS = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

export function durationMs(duration: string): number {
  const unit = duration.slice(-1) as keyof typeof UNIT_MS;
  return Number(duration.slice(0, -1)) * UNIT_MS[unit];
}

/** Where the instance goes: any of a new bundle, zone, region and IP address type, at least one. */
export const MigrationTarget = z
  .strictObject({
    bundleId: z.string().min(1, 'must not be empty').optional(),
    /** A zone of the target region, e.g. us-east-1b; default: the same letter as today's zone. */
    availabilityZone: z
      .string()
      .regex(/^[a-z]{2}-[a-z]+-\d[a-z]$/, 'must be an availability zone such as us-east-1b')
      .optional(),
    /** Another region: the snapshot is copied there and the address changes (DNS is rewritten). */
    region: Region.optional(),
    ipAddressType: z.enum(['dualstack', 'ipv4', 'ipv6']).optional(),
  })
  .refine((t) => Object.keys(t).length > 0, {
    error: 'give at least one of bundleId, availabilityZone, region and ipAddressType',
  });

/** What moves to the new instance: everything unless switched off. */
export const CarryOver = z.strictObject({
  /** GetInstancePortStates to PutInstancePublicPorts. */
  firewall: z.boolean().default(true),
  /** The instance's tags (not the tool's own lightsail-flows: tags). */
  tags: z.boolean().default(true),
  /** The automatic-snapshot add-on and its time of day. */
  autoSnapshot: z.boolean().default(true),
  /** Instance metadata service options (IMDSv2 and the rest). */
  metadataOptions: z.boolean().default(true),
  /** Each attached disk: snapshotted, made again in the new zone, attached at the same path. */
  disks: z.boolean().default(true),
  /** The static IP (same region: moved; another region: a new one allocated there). */
  staticIp: z.boolean().default(true),
  /** A/AAAA entries of the account's Lightsail domains that point at the old address. */
  dns: z.boolean().default(true),
  /** Load balancers the instance is in (same region only: a load balancer is regional). */
  loadBalancers: z.boolean().default(true),
});

export const InstanceVerification = z.discriminatedUnion(
  'type',
  [
    z.strictObject({
      type: z.literal('http'),
      port: z.int().min(1).max(65535).default(80),
      path: z.string().startsWith('/', 'must start with /').default('/'),
      expectedStatus: z.int().min(100).max(599).default(200),
      checks: z.int().min(1).max(100).default(3),
      intervalSeconds: z.number().min(0).max(600).default(5),
      timeoutSeconds: z.number().min(0.1).max(60).default(5),
    }),
    z.strictObject({
      type: z.literal('tcp'),
      port: z.int().min(1).max(65535),
      checks: z.int().min(1).max(100).default(3),
      intervalSeconds: z.number().min(0).max(600).default(5),
      timeoutSeconds: z.number().min(0.1).max(60).default(5),
    }),
  ],
  { error: requiredOr('must have "type": "http" (with port and path) or "tcp" (with port)') },
);

export const CutOver = z.strictObject({
  /** automatic: right after verification; approve: after an `approve` gate. */
  mode: z.enum(['automatic', 'approve']).default('automatic'),
  /** How long an `approve` cut-over waits before the migration is put back. */
  approvalTimeoutMinutes: z
    .number()
    .min(1)
    .max(7 * 24 * 60)
    .default(24 * 60),
});

export const MigrateInstanceInput = z
  .strictObject({
    region: Region,
    instanceName: ResourceName,
    target: MigrationTarget,
    /** Default: derived from the run, e.g. web-1-migrated-3fa9c1d2. */
    newInstanceName: ResourceName.optional(),
    carryOver: CarryOver.prefault({}),
    verification: InstanceVerification.prefault({ type: 'http' }),
    cutOver: CutOver.prefault({}),
    /** How long the old instance stays (stopped) after the cut-over, for a rollback; then deleted. */
    keepOldFor: Duration.default('7d'),
    /** Added to everything the run creates. */
    tags: Tags.default({}),
    poll: PollSchedule.prefault({}),
  })
  .refine((i) => i.newInstanceName !== i.instanceName || (i.target.region ?? i.region) !== i.region, {
    error: 'must differ from instanceName in the same region: both instances exist until the old is deleted',
    path: ['newInstanceName'],
  })
  .refine(
    (i) => !i.target.availabilityZone || i.target.availabilityZone.startsWith(i.target.region ?? i.region),
    {
      error: 'must be a zone of the target region (target.region, or region when it stays)',
      path: ['target', 'availabilityZone'],
    },
  )
  .refine((i) => durationMs(i.keepOldFor) <= 90 * 86_400_000, {
    error: 'must be at most 90d',
    path: ['keepOldFor'],
  });

export type MigrateInstanceInput = z.input<typeof MigrateInstanceInput>;
export type MigrateInstanceParsedInput = z.output<typeof MigrateInstanceInput>;
export type InstanceVerification = z.output<typeof InstanceVerification>;
export type CarryOver = z.output<typeof CarryOver>;

/** One A or AAAA entry of a Lightsail domain, as the run found it and changed it. */
export interface DnsEntryMove {
  domainName: string;
  id: string;
  name: string;
  type: 'A' | 'AAAA';
  from: string;
  to: string;
}

export interface MigrateInstanceResult {
  old: { region: string; name: string; deletedAt?: string; kept?: string };
  new: {
    region: string;
    name: string;
    arn: string;
    bundleId: string;
    availabilityZone: string;
    address?: string;
  };
  staticIp?: { name: string; address: string; region: string; moved: boolean };
  dnsEntries: DnsEntryMove[];
  loadBalancers: string[];
  disks: { from: string; to: string; path: string }[];
  steps: StepTiming[];
}
