import type { RunProgress, StepProgress } from '../schemas/progress';

const MARK: Record<StepProgress['state'], string> = {
  pending: '·',
  running: '…',
  succeeded: '✓',
  failed: '✗',
  skipped: '-',
};

/**
 * Prints a run's progress as plain lines: one each time a step changes state or detail, with
 * the step's elapsed time once it ends. Works the same in a terminal, a pipe or a CI log.
 */
export class ProgressPrinter {
  private readonly seen = new Map<string, string>();
  private readonly seenResources = new Set<string>();

  constructor(private readonly write: (line: string) => void) {}

  update(progress: RunProgress): void {
    for (const step of progress.steps) {
      const key = `${step.state}|${step.detail ?? ''}`;
      if (this.seen.get(step.id) === key || step.state === 'pending') continue;
      this.seen.set(step.id, key);
      this.write(
        `  ${MARK[step.state]} ${step.title}${elapsed(step)}${step.detail ? `: ${step.detail}` : ''}`,
      );
    }
    for (const r of progress.resources) {
      const key = `${r.action} ${r.type} ${r.name} ${r.region}`;
      if (this.seenResources.has(key)) continue;
      this.seenResources.add(key);
      this.write(`    ${r.action} ${r.type} ${r.name} in ${r.region}`);
    }
  }
}

function elapsed(step: StepProgress): string {
  if (!step.startedAt || !step.endedAt) return '';
  return ` (${((Date.parse(step.endedAt) - Date.parse(step.startedAt)) / 1000).toFixed(1)} s)`;
}
