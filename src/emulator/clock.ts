/**
 * The emulator's clock. Timestamps are real wall-clock time, so they agree with the SDK's clock
 * and with the worker's; only durations are scaled: an operation that takes D seconds on AWS
 * completes after D / timeScale real seconds here.
 */
export class Clock {
  constructor(public timeScale: number) {
    if (!(timeScale > 0)) throw new Error(`timeScale must be a positive number, got ${timeScale}`);
  }

  now(): number {
    return Date.now();
  }

  /** The real moment at which something taking `awsSeconds` on AWS, started now, ends. */
  after(awsSeconds: number): number {
    return this.now() + (awsSeconds * 1000) / this.timeScale;
  }
}

/**
 * How long things take on AWS, in seconds: realistic orders of magnitude, scaled by the clock.
 * Deletes, tags and add-on changes complete at once.
 */
export const AWS_DURATIONS = {
  createInstance: 60,
  startInstance: 45,
  stopInstance: 30,
  rebootInstance: 30,
  createInstanceSnapshot: 120,
  createDisk: 30,
  createDiskSnapshot: 60,
  copySnapshotSameRegion: 60,
  copySnapshotCrossRegion: 300,
} as const;
