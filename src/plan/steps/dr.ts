import type { DrDrillParsedInput } from '../../schemas/dr-drill';
import type { FailoverParsedInput } from '../../schemas/failover';
import type { InstanceVerification } from '../../schemas/migrate-instance';
import type { PlannedStep } from './planned-step';

/**
 * The steps of failoverToRegion and drDrill, pure functions of the input: shared by the
 * workflows (which plan them as they start, and per instance once a tag is resolved) and by
 * `lightsail-flows plan`.
 */

function verifyTitle(v: InstanceVerification, name: string): string {
  return v.type === 'http'
    ? `Verify ${name}: GET ${v.path} on port ${v.port} answers ${v.expectedStatus}, ${v.checks} time(s)`
    : `Verify ${name}: TCP port ${v.port} accepts connections, ${v.checks} time(s)`;
}

/** The step choosing instances by tag, when the input gives a tag. */
export function selectStep(input: {
  primaryRegion: string;
  instanceTag?: { key: string; value?: string };
}): PlannedStep[] {
  return input.instanceTag
    ? [
        {
          id: 'select',
          title: `List the instances tagged ${input.instanceTag.key} in ${input.primaryRegion}`,
        },
      ]
    : [];
}

/** One instance's restore: the same for a failover and a drill. */
export function restoreSteps(
  input: { primaryRegion: string; drRegion: string; verification: InstanceVerification },
  instanceName: string,
  newName: string,
  carries: boolean,
): PlannedStep[] {
  return [
    {
      id: `find@${instanceName}`,
      title: `Find the newest DR copy of ${instanceName} in ${input.drRegion}; read ${instanceName} in ${input.primaryRegion} if it answers`,
    },
    {
      id: `restore@${instanceName}`,
      title: `Restore ${newName} in ${input.drRegion} from it and wait until it runs`,
    },
    ...(carries
      ? [{ id: `carry-over@${instanceName}`, title: `Carry ${instanceName}'s settings over to ${newName}` }]
      : []),
    { id: `verify@${instanceName}`, title: verifyTitle(input.verification, newName) },
  ];
}

function failoverCarries(input: FailoverParsedInput): boolean {
  const c = input.carryOver;
  return c.firewall || c.tags || c.autoSnapshot || c.metadataOptions;
}

/** One instance's failover: its restore, then its cut-over. */
export function failoverInstanceSteps(
  input: FailoverParsedInput,
  instanceName: string,
  newName: string,
): PlannedStep[] {
  const moves = [
    ...(input.carryOver.staticIp ? [`a static IP in ${input.drRegion}`] : []),
    ...(input.carryOver.dns ? ['the DNS entries of the old address'] : []),
    ...(input.distributionName ? [`distribution ${input.distributionName}'s origin`] : []),
  ];
  return [
    ...restoreSteps(input, instanceName, newName, failoverCarries(input)),
    ...(moves.length
      ? [{ id: `cut-over@${instanceName}`, title: `Cut over to ${newName}: ${moves.join(', ')}` }]
      : []),
  ];
}

/** The run's steps besides the instances': the approval, between every restore and any cut-over. */
export function failoverSteps(
  input: FailoverParsedInput,
  newNameOf: (instanceName: string) => string,
): PlannedStep[] {
  const names = input.instanceNames ?? [];
  return [
    ...selectStep(input),
    ...names.flatMap((n) =>
      failoverInstanceSteps(input, n, newNameOf(n)).filter((s) => !s.id.startsWith('cut-over@')),
    ),
    ...(input.cutOver.mode === 'approve'
      ? [{ id: 'approval', title: 'Wait for approval before any cut-over (DNS change)' }]
      : []),
    ...names.flatMap((n) =>
      failoverInstanceSteps(input, n, newNameOf(n)).filter((s) => s.id.startsWith('cut-over@')),
    ),
  ];
}

/** A drill's steps: each instance's restore under a scratch name, then the clean-up and report. */
export function drillSteps(
  input: DrDrillParsedInput,
  scratchNameOf: (instanceName: string) => string,
): PlannedStep[] {
  return [
    ...selectStep(input),
    ...(input.instanceNames ?? []).flatMap((n) =>
      restoreSteps(input, n, scratchNameOf(n), input.carryFirewall),
    ),
    { id: 'clean-up', title: `Delete every instance the drill made in ${input.drRegion}` },
    { id: 'report', title: 'Measure recovery time and point against the targets' },
  ];
}
