import type { RunProgress } from '../schemas/progress';
import { stepElapsed, stepMark } from './live-progress';

/**
 * Prints a run's progress as plain lines: one each time a step changes state or detail, with
 * the step's elapsed time once it ends. For pipes and CI logs, where nothing can be redrawn.
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
      const elapsed = step.endedAt ? stepElapsed(step) : '';
      this.write(`  ${stepMark(step.state)} ${step.title}${elapsed}${step.detail ? `: ${step.detail}` : ''}`);
    }
    for (const r of progress.resources) {
      const key = `${r.action} ${r.type} ${r.name} ${r.region}`;
      if (this.seenResources.has(key)) continue;
      this.seenResources.add(key);
      this.write(`    ${r.action} ${r.type} ${r.name} in ${r.region}${r.note ? ` (${r.note})` : ''}`);
    }
  }
}
