import { defineQuery, setCurrentDetails, setHandler } from '@temporalio/workflow';
import {
  PROGRESS_QUERY,
  type ResourceTouched,
  type RunProgress,
  type StepProgress,
  type StepTiming,
} from '../../src/schemas/progress';

export const progressQuery = defineQuery<RunProgress>(PROGRESS_QUERY);

/**
 * A run's plan and where it stands. Every change is answered by the `progress` query and
 * mirrored into the workflow's current details, which the Web UI shows on the run's page.
 */
export class Progress {
  private readonly steps: StepProgress[] = [];
  private readonly resources: ResourceTouched[] = [];
  private readonly facts: Record<string, string | number> = {};
  private status: RunProgress['status'] = 'running';
  /** A report shown under the steps in the current details (a drill's table). */
  private reportText?: string;

  constructor(private readonly procedure: string) {
    setHandler(progressQuery, () => this.snapshot());
  }

  /** Adds a step to the plan, pending until it runs. */
  plan(id: string, title: string): void {
    this.steps.push({ id, title, state: 'pending' });
    this.publish();
  }

  /** Runs a planned step, recording its start, end and outcome. */
  async run<T>(id: string, fn: () => Promise<T>): Promise<T> {
    const step = this.find(id);
    step.state = 'running';
    step.startedAt = new Date().toISOString();
    this.publish();
    try {
      const result = await fn();
      this.end(step, 'succeeded');
      return result;
    } catch (err) {
      this.end(step, 'failed', err instanceof Error ? rootMessage(err) : String(err));
      throw err;
    }
  }

  detail(id: string, detail: string): void {
    this.find(id).detail = detail;
    this.publish();
  }

  touched(resource: ResourceTouched): void {
    this.resources.push(resource);
    this.publish();
  }

  /** Records a fact about the run (shown first in the current details). */
  fact(key: string, value: string | number): void {
    this.facts[key] = value;
    this.publish();
  }

  /** Shows a markdown report (a table) under the steps in the run's current details. */
  report(markdown: string): void {
    this.reportText = markdown;
    this.publish();
  }

  setStatus(status: RunProgress['status']): void {
    this.status = status;
    if (status !== 'running' && status !== 'compensating') {
      for (const step of this.steps) if (step.state === 'pending') step.state = 'skipped';
    }
    this.publish();
  }

  timings(): StepTiming[] {
    return this.steps
      .filter((s): s is StepProgress & { startedAt: string; endedAt: string } => !!s.startedAt && !!s.endedAt)
      .map((s) => ({
        step: s.id,
        startedAt: s.startedAt,
        endedAt: s.endedAt,
        durationMs: Date.parse(s.endedAt) - Date.parse(s.startedAt),
      }));
  }

  snapshot(): RunProgress {
    return {
      procedure: this.procedure,
      status: this.status,
      steps: this.steps.map((s) => ({ ...s })),
      resources: this.resources.map((r) => ({ ...r })),
      facts: { ...this.facts },
      updatedAt: new Date().toISOString(),
    };
  }

  private end(step: StepProgress, state: StepProgress['state'], detail?: string): void {
    step.state = state;
    step.endedAt = new Date().toISOString();
    if (detail !== undefined) step.detail = detail;
    this.publish();
  }

  private find(id: string): StepProgress {
    const step = this.steps.find((s) => s.id === id);
    if (!step) throw new Error(`Unknown step ${id}`);
    return step;
  }

  private publish(): void {
    const icon: Record<StepProgress['state'], string> = {
      pending: '·',
      running: '▶',
      succeeded: '✓',
      failed: '✗',
      skipped: '–',
    };
    setCurrentDetails(
      [
        `**${this.procedure}**: ${this.status}`,
        ...Object.entries(this.facts).map(([key, value]) => `${key}: **${value}**`),
        '',
        ...this.steps.map((s) => `- ${icon[s.state]} ${s.title}${s.detail ? `: ${s.detail}` : ''}`),
        ...(this.reportText ? ['', this.reportText] : []),
      ].join('\n'),
    );
  }
}

/** The innermost message of a failure chain: an ActivityFailure's cause says what went wrong. */
export function rootMessage(err: Error): string {
  let e: Error = err;
  while (e.cause instanceof Error) e = e.cause;
  return e.message;
}
