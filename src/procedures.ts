import type { z } from 'zod';
import { ownValue } from './own-property';
import type { GateName } from './schemas/gates';
import { BLUE_GREEN_WORKFLOW, BlueGreenDeployInput } from './schemas/blue-green-deploy';
import { COPY_SNAPSHOT_WORKFLOW, CopySnapshotInput } from './schemas/copy-snapshot';
import { EXPORT_TO_EC2_WORKFLOW, ExportToEc2Input } from './schemas/export-to-ec2';
import { MIGRATE_INSTANCE_WORKFLOW, MigrateInstanceInput } from './schemas/migrate-instance';
import { RESTORE_DATABASE_WORKFLOW, RestoreDatabaseInput } from './schemas/restore-database';
import { RUN_RUNBOOK_WORKFLOW, RunbookInput } from './schemas/runbook';
import { FAILOVER_WORKFLOW, FailoverInput } from './schemas/failover';
import { DR_DRILL_WORKFLOW, DrDrillInput } from './schemas/dr-drill';

/**
 * What can be started, by the short name people type in the CLI and the API, with the workflow
 * type it runs and the schema its input must pass before anything starts.
 */
export interface Procedure {
  workflowType: string;
  summary: string;
  schema: z.ZodType;
  example: unknown;
  /** The gates its runs answer; any other is refused before it reaches the run. */
  gates: readonly GateName[];
}

export const PROCEDURES: Record<string, Procedure> = {
  'copy-snapshot': {
    workflowType: COPY_SNAPSHOT_WORKFLOW,
    summary:
      'Copy a manual or automatic snapshot to one or more regions, then tag it and optionally restore it',
    schema: CopySnapshotInput,
    gates: [],
    example: {
      sourceRegion: 'us-east-1',
      targetRegions: ['eu-west-1'],
      source: { type: 'manual', snapshotName: 'web-1-base' },
      tags: { purpose: 'dr' },
    },
  },
  'blue-green-deploy': {
    workflowType: BLUE_GREEN_WORKFLOW,
    summary:
      'Release a container deployment in place or blue-green behind a distribution, verified, gated and rolled back on failure',
    schema: BlueGreenDeployInput,
    gates: ['approve', 'reject', 'rollback'],
    example: {
      strategy: 'in-place',
      region: 'us-east-1',
      serviceName: 'shop',
      deployment: {
        containers: { web: { image: 'nginx:1.27', ports: { '80': 'HTTP' } } },
        publicEndpoint: { containerName: 'web', containerPort: 80 },
      },
    },
  },
  'export-to-ec2': {
    workflowType: EXPORT_TO_EC2_WORKFLOW,
    summary:
      'Export an instance or a snapshot to EC2: snapshot, export (hours), and a CloudFormation stack that makes the EC2 instance',
    schema: ExportToEc2Input,
    gates: [],
    example: {
      region: 'us-east-1',
      source: { type: 'instanceSnapshot', snapshotName: 'web-1-base' },
      ec2: { instanceType: 't3.micro', availabilityZoneLetter: 'a', portInfoSource: 'INSTANCE' },
    },
  },
  'migrate-instance': {
    workflowType: MIGRATE_INSTANCE_WORKFLOW,
    summary:
      'Move an instance to a new bundle, zone or region: its disks, firewall, tags, static IP, DNS entries and load balancers follow, verified, rolled back on failure',
    schema: MigrateInstanceInput,
    gates: ['approve', 'reject', 'rollback', 'finish-now'],
    example: {
      region: 'us-east-1',
      instanceName: 'web-1',
      target: { bundleId: 'medium_3_0' },
      verification: { type: 'http', port: 80, path: '/' },
      keepOldFor: '7d',
    },
  },
  'restore-database': {
    workflowType: RESTORE_DATABASE_WORKFLOW,
    summary:
      'Restore a database from its newest snapshot, a named snapshot or a point in time, verified; optionally replace another (refresh staging from production)',
    schema: RestoreDatabaseInput,
    gates: [],
    example: {
      region: 'us-east-1',
      source: { type: 'point-in-time', databaseName: 'prod-db' },
      replace: { databaseName: 'staging-db', old: 'delete' },
    },
  },
  runbook: {
    workflowType: RUN_RUNBOOK_WORKFLOW,
    summary:
      'Run your own runbook (YAML or JSON, docs/runbooks.md): any Lightsail action, waited on, gated, undone on failure',
    schema: RunbookInput,
    gates: ['approve', 'reject'],
    example: {
      runbook: {
        text: 'runbook: reboot-one\nregion: us-east-1\nparameters:\n  instance: {type: string}\nsteps:\n  - id: reboot\n    call: RebootInstance\n    params: {instanceName: "${{ params.instance }}"}\n',
      },
      params: { instance: 'web-1' },
    },
  },
  failover: {
    workflowType: FAILOVER_WORKFLOW,
    summary:
      'Fail instances over to the DR region: restore the newest copy of each DR series there, verify, then a static IP and the DNS entries point at it',
    schema: FailoverInput,
    gates: ['approve', 'reject'],
    example: {
      primaryRegion: 'us-east-1',
      drRegion: 'eu-west-1',
      instanceNames: ['web-1'],
      verification: { type: 'http', port: 80, path: '/' },
      cutOver: { mode: 'approve' },
    },
  },
  'dr-drill': {
    workflowType: DR_DRILL_WORKFLOW,
    summary:
      'Drill disaster recovery: restore the newest DR copies under scratch names, verify, measure recovery time and point, delete it all',
    schema: DrDrillInput,
    gates: [],
    example: {
      primaryRegion: 'us-east-1',
      drRegion: 'eu-west-1',
      instanceNames: ['web-1'],
      targets: { maxRecoveryMinutes: 60, maxSnapshotAgeHours: 26 },
    },
  },
};

/** Finds a procedure by its short name or its workflow type. */
export function findProcedure(name: string): Procedure | undefined {
  return ownValue(PROCEDURES, name) ?? Object.values(PROCEDURES).find((p) => p.workflowType === name);
}
