/**
 * The shape of a run's progress, returned by every procedure's `progress` query and summarised
 * in the workflow's current details. Plain JSON, so the CLI, the API and the Web UI read it alike.
 */

export const PROGRESS_QUERY = 'progress';

export type StepState = 'pending' | 'running' | 'succeeded' | 'failed' | 'skipped';

export interface StepProgress {
  id: string;
  title: string;
  state: StepState;
  startedAt?: string;
  endedAt?: string;
  /** What the step is doing or why it ended, in a few words. */
  detail?: string;
}

export interface ResourceTouched {
  region: string;
  type: string;
  name: string;
  /**
   * kept: a compensation left it alone, because it could not prove this run made it. moved: an
   * address or membership the run moved (a static IP, a DNS entry, a load balancer's instance);
   * restored: put back as it was; stopped and started: an instance the run did not make.
   */
  action: 'created' | 'adopted' | 'deleted' | 'kept' | 'moved' | 'restored' | 'stopped' | 'started';
  /** Why, for a resource kept. */
  note?: string;
}

export interface RunProgress {
  procedure: string;
  status: 'running' | 'compensating' | 'succeeded' | 'failed';
  steps: StepProgress[];
  resources: ResourceTouched[];
  /** What a procedure says of where it stands beyond its steps, e.g. which side of a release serves. */
  facts: Record<string, string | number>;
  updatedAt: string;
}

export interface StepTiming {
  step: string;
  startedAt: string;
  endedAt: string;
  durationMs: number;
}
