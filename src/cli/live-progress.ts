import { clearScreenDown, moveCursor } from 'node:readline';
import type { RunProgress, StepProgress } from '../schemas/progress';

const MARK: Record<StepProgress['state'], string> = {
  pending: '·',
  running: '…',
  succeeded: '✓',
  failed: '✗',
  skipped: '-',
};

export function stepMark(state: StepProgress['state']): string {
  return MARK[state];
}

/** A step's elapsed time: final once it ended, counting up while it runs. */
export function stepElapsed(step: StepProgress, now = Date.now()): string {
  if (!step.startedAt) return '';
  const end = step.endedAt ? Date.parse(step.endedAt) : now;
  return ` (${((end - Date.parse(step.startedAt)) / 1000).toFixed(1)} s)`;
}

/**
 * A run's steps drawn as a list that redraws in place on a terminal: every step with its mark,
 * the running ones' time counting up, the resources touched below. Each draw replaces the last.
 */
export class LiveProgressView {
  private drawnLines = 0;

  constructor(private readonly out: NodeJS.WriteStream) {}

  update(progress: RunProgress): void {
    const now = Date.now();
    const lines = [
      ...progress.steps.map(
        (s) => `  ${stepMark(s.state)} ${s.title}${stepElapsed(s, now)}${s.detail ? `: ${s.detail}` : ''}`,
      ),
      ...Object.entries(progress.facts).map(([k, v]) => `    ${k}: ${v}`),
      ...progress.resources.map(
        (r) => `    ${r.action} ${r.type} ${r.name} in ${r.region}${r.note ? ` (${r.note})` : ''}`,
      ),
    ];
    if (this.drawnLines > 0) {
      moveCursor(this.out, 0, -this.drawnLines);
      clearScreenDown(this.out);
    }
    const width = this.out.columns || 120;
    // Long lines would wrap and break the count of lines to redraw: cut them to the width.
    this.out.write(
      `${lines.map((l) => (l.length > width - 1 ? `${l.slice(0, width - 2)}…` : l)).join('\n')}\n`,
    );
    this.drawnLines = lines.length;
  }
}
