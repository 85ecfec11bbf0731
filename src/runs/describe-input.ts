import { BLUE_GREEN_WORKFLOW, type BlueGreenDeployParsedInput } from '../schemas/blue-green-deploy';
import { COPY_SNAPSHOT_WORKFLOW, type CopySnapshotParsedInput } from '../schemas/copy-snapshot';
import { EXPORT_TO_EC2_WORKFLOW, type ExportToEc2ParsedInput } from '../schemas/export-to-ec2';
import { MIGRATE_INSTANCE_WORKFLOW, type MigrateInstanceParsedInput } from '../schemas/migrate-instance';
import { RESTORE_DATABASE_WORKFLOW, type RestoreDatabaseParsedInput } from '../schemas/restore-database';
import { restoreSourceName } from '../plan/steps/restore-database';
import { RUN_RUNBOOK_WORKFLOW, type RunbookParsedInput } from '../schemas/runbook';
import { describeRunbook } from '../runbooks/describe';
import { DR_DRILL_WORKFLOW, type DrDrillParsedInput } from '../schemas/dr-drill';
import { FAILOVER_WORKFLOW, type FailoverParsedInput } from '../schemas/failover';

/**
 * What a run is, read from its input before it starts: one line and a short block for the Web
 * UI's summary and details, and the regions and resource names it is searched by. Nothing from
 * the input is copied in that could hold a secret (container environments, EC2 user data).
 */
export interface InputDescription {
  /** One line: what the run does, from where to where. */
  summary: string;
  /** Markdown lines: procedure, source, targets, and what it will change. */
  details: string[];
  /** Every region the run reads or changes. */
  regions: string[];
  /** Every Lightsail resource the input names (the run's own default names are not known yet). */
  resources: string[];
}

/** Temporal keeps summaries short (the UI shows one line); longer ones are cut with an ellipsis. */
const MAX_SUMMARY = 200;

const list = (items: readonly string[]) => items.join(', ');
const code = (name: string) => `\`${name}\``;
const unique = (items: (string | undefined)[]) => [...new Set(items.filter((i): i is string => !!i))];

type AutomaticSource = { type: 'automatic'; resourceName: string; restoreDate?: string };
const automatic = (s: AutomaticSource) =>
  `the automatic snapshot of ${s.resourceName} (${s.restoreDate ?? 'latest'})`;

function copySnapshot(input: CopySnapshotParsedInput): InputDescription {
  const s = input.source;
  const source =
    s.type === 'manual'
      ? `snapshot ${s.snapshotName}`
      : s.type === 'instance'
        ? `a new snapshot of instance ${s.instanceName}`
        : automatic(s);
  const sourceName =
    s.type === 'manual' ? s.snapshotName : s.type === 'instance' ? s.instanceName : s.resourceName;
  const targets = input.targetRegions;
  const copyName = input.targetSnapshotName ? code(input.targetSnapshotName) : 'named after the source';
  const tags = Object.entries(input.tags).map(([k, v]) => `${k}=${v}`);
  const changes = [
    ...(s.type === 'instance' ? [`snapshots instance ${code(s.instanceName)} in ${input.sourceRegion}`] : []),
    `creates a snapshot copy (${copyName}) in ${list(targets)}`,
    ...(tags.length ? [`tags the copies ${list(tags)}`] : []),
    ...(input.restore
      ? [`creates instance ${code(input.restore.instanceName)} from the copy in each target region`]
      : []),
    ...(input.retention
      ? [
          `deletes snapshots of series ${code(input.retention.series)} beyond the newest ${input.retention.keep}`,
        ]
      : []),
  ];
  return {
    summary: `Copy ${source} from ${input.sourceRegion} to ${list(targets)}${input.restore ? `, restore ${input.restore.instanceName}` : ''}`,
    details: [
      `- **Source**: ${source} in ${input.sourceRegion}`,
      `- **Targets**: ${list(targets)}`,
      `- **Changes**: ${changes.join('; ')}`,
    ],
    regions: unique([input.sourceRegion, ...targets]),
    resources: unique([sourceName, input.targetSnapshotName, input.restore?.instanceName]),
  };
}

function blueGreenDeploy(input: BlueGreenDeployParsedInput): InputDescription {
  // Images only: a container's environment may hold secrets.
  const images = list(Object.entries(input.deployment.containers).map(([name, c]) => `${name}=${c.image}`));
  const check = `GET ${input.verification.path} answers ${input.verification.expectedStatus} ${input.verification.checks} times`;
  if (input.strategy === 'in-place') {
    return {
      summary: `Deploy ${images} to container service ${input.serviceName} in ${input.region} (in place)`,
      details: [
        `- **Source**: ${images}`,
        `- **Target**: container service ${code(input.serviceName)} in ${input.region}, in place`,
        `- **Changes**: a new deployment on ${code(input.serviceName)}, verified (${check}); rolled back to the previous deployment if it fails`,
      ],
      regions: [input.region],
      resources: [input.serviceName],
    };
  }
  const [blue, green] = input.services;
  const approval = input.approval ? `; waits up to ${input.approval.timeoutMinutes} min for approval` : '';
  return {
    summary: `Release ${images} blue-green on ${blue}/${green} behind distribution ${input.distributionName} in ${input.region}`,
    details: [
      `- **Source**: ${images}`,
      `- **Targets**: container services ${code(blue)} and ${code(green)} in ${input.region}, behind distribution ${code(input.distributionName)}`,
      `- **Changes**: deploys to the idle service, verified (${check})${approval}; switches the distribution's origin; bakes ${input.bakeMinutes} min; then the old side: ${input.afterBake}; rolled back if any of it fails`,
    ],
    // Distributions live in us-east-1 whatever region the services are in.
    regions: unique([input.region, 'us-east-1']),
    resources: [blue, green, input.distributionName],
  };
}

function exportToEc2(input: ExportToEc2ParsedInput): InputDescription {
  const s = input.source;
  const source =
    s.type === 'instance'
      ? `instance ${s.instanceName}`
      : s.type === 'instanceSnapshot'
        ? `instance snapshot ${s.snapshotName}`
        : s.type === 'diskSnapshot'
          ? `disk snapshot ${s.snapshotName}`
          : automatic(s);
  const sourceName =
    s.type === 'instance' ? s.instanceName : s.type === 'automatic' ? s.resourceName : s.snapshotName;
  const target = input.ec2
    ? `an EC2 ${input.ec2.instanceType} instance in ${input.region}${input.ec2.availabilityZoneLetter}`
    : `an EBS snapshot in ${input.region}`;
  const changes = [
    ...(s.type === 'instance' ? [`snapshots instance ${code(s.instanceName)}`] : []),
    ...(s.type === 'automatic' ? ['copies the automatic snapshot to a manual one'] : []),
    'exports the snapshot to EC2 (an export record)',
    ...(input.ec2
      ? [`creates a CloudFormation stack that launches one ${input.ec2.instanceType} instance`]
      : []),
    ...(input.deleteIntermediateSnapshot && (s.type === 'instance' || s.type === 'automatic')
      ? ['deletes the snapshot it made at the end']
      : []),
  ];
  return {
    summary: `Export ${source} in ${input.region} to ${target}`,
    details: [
      `- **Source**: ${source} in ${input.region}`,
      `- **Target**: ${target}`,
      `- **Changes**: ${changes.join('; ')}`,
    ],
    regions: [input.region],
    resources: [sourceName],
  };
}

function migrateInstance(input: MigrateInstanceParsedInput): InputDescription {
  const t = input.target;
  const region = t.region ?? input.region;
  const to = [
    ...(t.bundleId ? [`bundle ${t.bundleId}`] : []),
    ...(t.availabilityZone ? [`zone ${t.availabilityZone}`] : []),
    ...(t.region ? [`region ${t.region}`] : []),
    ...(t.ipAddressType ? [`${t.ipAddressType} addressing`] : []),
  ];
  const newName = input.newInstanceName ?? `${input.instanceName}-migrated-<run>`;
  return {
    summary: `Migrate instance ${input.instanceName} in ${input.region} to ${list(to)}`,
    details: [
      `- **Instance**: ${code(input.instanceName)} in ${input.region}`,
      `- **Target**: ${list(to)}, as ${code(newName)}`,
      `- **Changes**: snapshots it, creates ${code(newName)} in ${region}, moves its addresses and load balancers, stops the old one, deletes it after ${input.keepOldFor}`,
    ],
    regions: unique([input.region, region, ...(input.carryOver.dns ? ['us-east-1'] : [])]),
    resources: unique([input.instanceName, input.newInstanceName]),
  };
}

/** No password is described: the input can only name the worker's variable that holds one. */
function restoreDatabase(input: RestoreDatabaseParsedInput): InputDescription {
  const s = input.source;
  const source =
    s.type === 'snapshot'
      ? `snapshot ${s.snapshotName}`
      : s.type === 'newest-snapshot'
        ? `the newest snapshot of ${s.databaseName}`
        : `${s.databaseName} at ${s.restoreTime ?? 'its latest restorable time'}`;
  const r = input.replace;
  const target = r?.databaseName ?? input.targetName ?? `${restoreSourceName(s)}-restored-<run>`;
  return {
    summary: `Restore database ${target} in ${input.region} from ${source}`,
    details: [
      `- **Source**: ${source} in ${input.region}`,
      `- **Target**: ${code(target)}${input.bundleId ? ` on ${input.bundleId}` : ''}`,
      `- **Changes**: creates ${code(target)}, verifies it over TCP${r ? `; replaces ${code(r.databaseName)} (old one: ${r.old})` : ''}`,
    ],
    regions: [input.region],
    resources: unique([restoreSourceName(s), input.targetName, r?.databaseName]),
  };
}

/** The instances a DR run is about: by name, or by a tag (whose value is not repeated). */
function drInstances(input: { instanceNames?: string[]; instanceTag?: { key: string } }): string {
  return input.instanceNames
    ? list(input.instanceNames.map(code))
    : `the instances tagged ${code(input.instanceTag?.key ?? '')}`;
}

function failover(input: FailoverParsedInput): InputDescription {
  const cut = [
    ...(input.carryOver.staticIp ? [`allocates a static IP in ${input.drRegion} for each`] : []),
    ...(input.carryOver.dns ? ['points the DNS entries of each old address at it'] : []),
    ...(input.distributionName ? [`points distribution ${code(input.distributionName)} at it`] : []),
  ];
  const approval =
    input.cutOver.mode === 'approve'
      ? `waits up to ${input.cutOver.approvalTimeoutMinutes} min for approval; `
      : '';
  return {
    summary: `Fail over ${input.instanceNames ? list(input.instanceNames) : `instances tagged ${input.instanceTag?.key}`} from ${input.primaryRegion} to ${input.drRegion}`,
    details: [
      `- **Instances**: ${drInstances(input)} in ${input.primaryRegion} (read only)`,
      `- **Target**: ${input.drRegion}, from the newest copy of each one's DR series`,
      `- **Changes**: restores and verifies each in ${input.drRegion}; ${approval}${cut.join('; ') || 'no cut-over'}`,
    ],
    regions: unique([
      input.primaryRegion,
      input.drRegion,
      ...(input.carryOver.dns || input.distributionName ? ['us-east-1'] : []),
    ]),
    resources: unique([
      ...(input.instanceNames ?? []),
      ...Object.values(input.newInstanceNames),
      input.distributionName,
    ]),
  };
}

function drDrill(input: DrDrillParsedInput): InputDescription {
  return {
    summary: `DR drill of ${input.instanceNames ? list(input.instanceNames) : `instances tagged ${input.instanceTag?.key}`}: restore in ${input.drRegion}, measure, delete`,
    details: [
      `- **Instances**: ${drInstances(input)} in ${input.primaryRegion} (read only)`,
      `- **Target**: scratch instances in ${input.drRegion}, from the newest copy of each one's DR series`,
      `- **Changes**: restores and verifies each under a scratch name, deletes them; no DNS change`,
    ],
    regions: unique([input.primaryRegion, input.drRegion]),
    resources: unique(input.instanceNames ?? []),
  };
}

const DESCRIBERS: Record<string, (input: never) => InputDescription> = {
  [FAILOVER_WORKFLOW]: failover,
  [DR_DRILL_WORKFLOW]: drDrill,
  [COPY_SNAPSHOT_WORKFLOW]: copySnapshot,
  [BLUE_GREEN_WORKFLOW]: blueGreenDeploy,
  [EXPORT_TO_EC2_WORKFLOW]: exportToEc2,
  [MIGRATE_INSTANCE_WORKFLOW]: migrateInstance,
  [RESTORE_DATABASE_WORKFLOW]: restoreDatabase,
  [RUN_RUNBOOK_WORKFLOW]: (input: RunbookParsedInput) => describeRunbook(input),
};

/**
 * Describes a procedure's input, already checked by its schema (defaults filled in). The
 * procedure's short name heads the details, as people type it.
 */
export function describeInput(procedure: string, workflowType: string, input: unknown): InputDescription {
  const describer = DESCRIBERS[workflowType] as ((input: unknown) => InputDescription) | undefined;
  const described = describer
    ? describer(input)
    : { summary: `Run ${workflowType}`, details: [], regions: [], resources: [] };
  const summary =
    described.summary.length > MAX_SUMMARY
      ? `${described.summary.slice(0, MAX_SUMMARY - 1)}…`
      : described.summary;
  return { ...described, summary, details: [`**${procedure}** (${workflowType})`, '', ...described.details] };
}
