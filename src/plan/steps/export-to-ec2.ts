import type { ExportToEc2ParsedInput } from '../../schemas/export-to-ec2';
import type { SnapshotKind } from '../../schemas/copy-snapshot';
import type { PlannedStep } from './planned-step';

/** What the input names as the source, in a step title. */
export function describeExportSource(input: ExportToEc2ParsedInput): string {
  const s = input.source;
  switch (s.type) {
    case 'instance':
      return `instance ${s.instanceName}`;
    case 'automatic':
      return `the automatic snapshot of ${s.resourceName}`;
    default:
      return `snapshot ${s.snapshotName}`;
  }
}

/** exportToEc2's steps planned at the start, before the check knows the snapshot's kind. */
export function exportStepsBeforeCheck(input: ExportToEc2ParsedInput): PlannedStep[] {
  const { source, region } = input;
  return [
    { id: 'check', title: `Check that ${describeExportSource(input)} can be exported from ${region}` },
    ...(source.type === 'instance'
      ? [{ id: 'snapshot', title: `Snapshot instance ${source.instanceName}` }]
      : []),
    ...(source.type === 'automatic'
      ? [
          {
            id: 'copy-to-manual',
            title: `Copy the automatic snapshot of ${source.resourceName} to a manual one`,
          },
        ]
      : []),
    { id: 'export', title: 'Export the snapshot to EC2 and wait for its record (hours on AWS)' },
  ];
}

/** exportToEc2's steps planned once the check knows the kind of snapshot exported. */
export function exportStepsAfterCheck(input: ExportToEc2ParsedInput, kind: SnapshotKind): PlannedStep[] {
  const intermediate = input.source.type === 'instance' || input.source.type === 'automatic';
  return [
    ...(kind === 'InstanceSnapshot' && input.ec2
      ? [{ id: 'stack', title: `Create the CloudFormation stack: one ${input.ec2.instanceType} instance` }]
      : []),
    ...(intermediate && input.deleteIntermediateSnapshot
      ? [{ id: 'cleanup', title: 'Delete the intermediate snapshot' }]
      : []),
  ];
}
