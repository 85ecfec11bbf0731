/**
 * The emulator's clock. Timestamps are real wall-clock time, so they agree with the SDK's clock
 * and with the worker's; only durations are scaled: an operation that takes D seconds on AWS
 * completes after D / timeScale real seconds here.
 */
export class Clock {
  private scale: number;

  constructor(timeScale: number) {
    this.scale = checkTimeScale(timeScale);
  }

  get timeScale(): number {
    return this.scale;
  }

  /**
   * Changes the scale. Deadlines already stored keep their real time: the caller rescales them
   * (see rescaleDeadlines) so work in flight speeds up or slows down too.
   */
  set timeScale(value: number) {
    this.scale = checkTimeScale(value);
  }

  now(): number {
    return Date.now();
  }

  /** The real moment at which something taking `awsSeconds` on AWS, started now, ends. */
  after(awsSeconds: number): number {
    return this.now() + (awsSeconds * 1000) / this.scale;
  }
}

function checkTimeScale(value: number): number {
  if (!(value > 0) || !Number.isFinite(value)) {
    throw new Error(`timeScale must be a positive number, got ${value}`);
  }
  return value;
}

/**
 * How long things take on AWS, in seconds: realistic orders of magnitude, scaled by the clock.
 * Deletes, tags and add-on changes complete at once (their operations are Succeeded at once).
 *
 * | what                                   | AWS seconds |
 * |----------------------------------------|-------------|
 * | CreateInstances: running               | 60          |
 * | CreateInstancesFromSnapshot: running   | 1 a GB, ≥ 60|
 * | StartInstance / StopInstance / Reboot  | 45 / 30 / 30|
 * | CreateInstanceSnapshot: available      | 120         |
 * | CreateDisk: available                  | 30          |
 * | CreateDiskSnapshot: completed          | 60          |
 * | CopySnapshot in the same region        | 60          |
 * | CopySnapshot across regions            | 300         |
 */
export const AWS_DURATIONS = {
  createInstance: 60,
  /** A restore reads the whole snapshot: a DR drill's recovery time grows with what it restores. */
  restorePerGb: 1,
  startInstance: 45,
  stopInstance: 30,
  rebootInstance: 30,
  createInstanceSnapshot: 120,
  createDisk: 30,
  createDiskSnapshot: 60,
  copySnapshotSameRegion: 60,
  copySnapshotCrossRegion: 300,
} as const;

/**
 * Stretches every deadline still ahead of `now` by `factor` (old scale / new scale), so that a
 * time-scale change applies to work in flight, not only to work started afterwards.
 * By convention (state.ts) every stored time is a real epoch-millisecond number in a field whose
 * name ends in `AtMs`; one in the future is a deadline. Walking the JSON generically means a new
 * resource family gets this for free.
 */
export function rescaleDeadlines(value: unknown, now: number, factor: number): void {
  if (Array.isArray(value)) {
    for (const item of value) rescaleDeadlines(item, now, factor);
    return;
  }
  if (!value || typeof value !== 'object') return;
  const record = value as Record<string, unknown>;
  for (const [key, field] of Object.entries(record)) {
    if (key.endsWith('AtMs') && typeof field === 'number') {
      if (field > now) record[key] = now + (field - now) * factor;
    } else {
      rescaleDeadlines(field, now, factor);
    }
  }
}
