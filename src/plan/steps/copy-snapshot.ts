import type { CopySnapshotParsedInput } from '../../schemas/copy-snapshot';
import type { PlannedStep } from './planned-step';

/** Where retention prunes: every target region, and the source region for an instance source. */
export function retentionRegions(input: CopySnapshotParsedInput): string[] {
  if (!input.retention) return [];
  return [...input.targetRegions, ...(input.source.type === 'instance' ? [input.sourceRegion] : [])];
}

/** copySnapshotAcrossRegions' steps, in the order it plans them. */
export function copySnapshotSteps(input: CopySnapshotParsedInput): PlannedStep[] {
  const steps: PlannedStep[] = [];
  if (input.source.type === 'instance') {
    steps.push({
      id: 'snapshot',
      title: `Snapshot instance ${input.source.instanceName} in ${input.sourceRegion}`,
    });
  }
  steps.push({ id: 'check-source', title: `Check source in ${input.sourceRegion}` });
  for (const region of input.targetRegions) {
    steps.push({ id: `copy@${region}`, title: `Copy to ${region}` });
    steps.push({ id: `wait@${region}`, title: `Wait for the copy in ${region}` });
    steps.push({ id: `tag@${region}`, title: `Tag the copy in ${region}` });
    if (input.restore) {
      steps.push({
        id: `restore@${region}`,
        title: `Restore instance ${input.restore.instanceName} in ${region}`,
      });
    }
  }
  const retention = input.retention;
  for (const region of retentionRegions(input)) {
    steps.push({
      id: `retention@${region}`,
      title: `Keep the newest ${retention!.keep} of series ${retention!.series} in ${region}`,
    });
  }
  return steps;
}
