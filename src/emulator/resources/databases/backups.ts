import type { Clock } from '../../clock';
import { invalidInput } from '../../errors';
import { DATABASE_BUNDLES } from './catalogue';
import type { StoredRelationalDatabase } from './types';

/**
 * What a database's backups allow: Lightsail keeps seven days of automated backups while backup
 * retention is on, taken continuously with a five-minute lag (RDS underneath). Both spans are
 * AWS durations, scaled by the emulator's clock like every other one.
 */
export const BACKUP_LAG_AWS_SECONDS = 300;
export const BACKUP_RETENTION_AWS_SECONDS = 7 * 86_400;

/** The newest moment a point-in-time restore can reach: five AWS minutes ago, not before it was ready. */
export function latestRestorableMs(db: StoredRelationalDatabase, clock: Clock): number {
  return Math.max(db.readyAtMs, clock.after(-BACKUP_LAG_AWS_SECONDS));
}

/** The oldest: the start of the retention window, or the moment it was ready if that is later. */
export function earliestRestorableMs(db: StoredRelationalDatabase, clock: Clock): number {
  return Math.max(db.readyAtMs, clock.after(-BACKUP_RETENTION_AWS_SECONDS));
}

/** Checks a restoreTime (epoch seconds) against the source's backups; a clear error names the window. */
export function checkRestoreTime(db: StoredRelationalDatabase, clock: Clock, restoreTime: unknown): void {
  if (!db.backupRetentionEnabled) {
    throw invalidInput(
      `The relational database ${db.name} has backup retention turned off: it has no backups to restore a point in time from. Restore from a snapshot instead.`,
    );
  }
  if (restoreTime === undefined) return;
  if (typeof restoreTime !== 'number') throw invalidInput('restoreTime must be a timestamp.');
  const earliest = earliestRestorableMs(db, clock);
  const latest = latestRestorableMs(db, clock);
  const atMs = restoreTime * 1000;
  if (atMs < earliest || atMs > latest) {
    throw invalidInput(
      `restoreTime must be between the earliest and the latest restorable time of ${db.name}, within its backup retention window of 7 days: ${new Date(earliest).toISOString()} to ${new Date(latest).toISOString()}; ${new Date(atMs).toISOString()} is outside it.`,
    );
  }
}

/**
 * How long a restore takes, in AWS seconds: a fixed part (the instance) plus a part per GB of
 * the snapshot's data, and replaying the logs for a point in time. A 40 GB micro plan restores
 * in about 8 minutes, a 240 GB one in about 25, as restores go on RDS.
 */
export function restoreAwsSeconds(sizeInGb: number, pointInTime: boolean): number {
  return 300 + 5 * sizeInGb + (pointInTime ? 120 : 0);
}

/** A bundle's size, to tell one smaller than the source's: Lightsail refuses those. */
export function bundleOf(bundleId: string) {
  return DATABASE_BUNDLES.find((b) => b.bundleId === bundleId);
}
