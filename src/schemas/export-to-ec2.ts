import { z } from 'zod';
import { AutomaticSnapshotSource, PollSchedule, Region, ResourceName } from './common';
import { requiredOr } from './messages';
import type { StepTiming } from './progress';

/** The workflow type users type: `temporal workflow start --type exportToEc2`. */
export const EXPORT_TO_EC2_WORKFLOW = 'exportToEc2';

export const ExportSource = z.discriminatedUnion(
  'type',
  [
    /** An instance: a snapshot is taken of it first. */
    z.strictObject({ type: z.literal('instance'), instanceName: ResourceName }),
    z.strictObject({ type: z.literal('instanceSnapshot'), snapshotName: ResourceName }),
    z.strictObject({ type: z.literal('diskSnapshot'), snapshotName: ResourceName }),
    /** An instance's automatic snapshot: copied to a manual snapshot first, as export needs. */
    AutomaticSnapshotSource,
  ],
  {
    error: requiredOr(
      'must have "type": "instance" (with instanceName), "instanceSnapshot" or "diskSnapshot" (with snapshotName), or "automatic" (with resourceName)',
    ),
  },
);

/** The EC2 instance CreateCloudFormationStack makes: its one instance entry. */
export const Ec2Instance = z.strictObject({
  /** An EC2 instance type, e.g. t3.micro. */
  instanceType: z
    .string()
    .regex(/^[a-z][a-z0-9-]*\d[a-z0-9-]*\.[a-z0-9]+$/, 'must be an EC2 instance type such as t3.micro'),
  /** The zone letter within the region: "a" gives us-east-1a. */
  availabilityZoneLetter: z
    .string()
    .regex(/^[a-f]$/, 'must be one letter a-f')
    .default('a'),
  /** Which ports the EC2 instance opens: the Lightsail instance's (INSTANCE), defaults, none or closed. */
  portInfoSource: z.enum(['INSTANCE', 'DEFAULT', 'NONE', 'CLOSED']).default('INSTANCE'),
  /** A launch script; it may hold secrets, so it is never logged (and is encrypted in history with the codec). */
  userData: z
    .string()
    .max(16 * 1024, 'must be at most 16 KiB')
    .optional(),
});

export const ExportToEc2Input = z
  .strictObject({
    region: Region,
    source: ExportSource,
    ec2: Ec2Instance.optional(),
    /** Delete the snapshot the run made (of the instance, or the manual copy of an automatic one) at the end. */
    deleteIntermediateSnapshot: z.boolean().default(false),
    poll: PollSchedule.prefault({}),
  })
  .superRefine((i, ctx) => {
    if (i.source.type === 'diskSnapshot' && i.ec2) {
      ctx.addIssue({
        code: 'custom',
        path: ['ec2'],
        message: 'must be absent for a disk snapshot: it ends at an EBS snapshot',
      });
    }
    // An automatic snapshot may be an instance's or a disk's: the run checks once it knows.
    if ((i.source.type === 'instance' || i.source.type === 'instanceSnapshot') && !i.ec2) {
      ctx.addIssue({
        code: 'custom',
        path: ['ec2'],
        message: 'is required for an instance source: {"instanceType": "t3.micro"} at least',
      });
    }
  });

export type ExportToEc2Input = z.input<typeof ExportToEc2Input>;
export type ExportToEc2ParsedInput = z.output<typeof ExportToEc2Input>;

/**
 * Whether the ec2 settings fit the kind of snapshot exported, once it is known (an automatic
 * source may be either): an instance export needs the EC2 instance to make; a disk export ends
 * at the EBS snapshot. The refusal's message, or undefined when they fit.
 */
export function ec2Mismatch(
  input: ExportToEc2ParsedInput,
  kind: 'InstanceSnapshot' | 'DiskSnapshot',
): string | undefined {
  if (kind === 'InstanceSnapshot' && !input.ec2) {
    return 'ec2: is required to export an instance snapshot: {"instanceType": "t3.micro"} at least';
  }
  if (kind === 'DiskSnapshot' && input.ec2) {
    return 'ec2: must be absent for a disk snapshot: it ends at an EBS snapshot';
  }
  return undefined;
}

export interface ExportToEc2Result {
  region: string;
  /** The snapshot that was exported. */
  snapshot: { name: string; kind: 'InstanceSnapshot' | 'DiskSnapshot'; madeByRun: boolean; deleted: boolean };
  exportRecord: { name: string; arn: string };
  /** The AMI (instance snapshot) or EBS snapshot (disk snapshot) in EC2. */
  amiId?: string;
  ebsSnapshotId?: string;
  stackArn?: string;
  ec2InstanceId?: string;
  steps: StepTiming[];
}
