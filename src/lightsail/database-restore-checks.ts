import type { Tag } from '@aws-sdk/client-lightsail';
import {
  RESTORED_FROM_TAG_KEY,
  type DatabaseRestoreSource,
  type ResolvedRestorePoint,
} from '../schemas/restore-database';
import type { LightsailClients } from './clients';
import { databaseBundles, newestDatabaseSnapshot, readDatabase, readDatabaseSnapshot } from './databases';
import type { MigrationProblem } from './migration-checks';
import { taggedRun } from './ownership';

/** Lightsail keeps a database's automated backups this long (its point-in-time window). */
const BACKUP_RETENTION_MS = 7 * 86_400_000;

/** The database a restore replaces, as the check found it: what proves it is the one meant. */
export interface ReplacedDatabase {
  name: string;
  /** Its creation time, to the millisecond, as Lightsail answers it: re-read right before it goes. */
  createdAt: string;
  availabilityZone?: string;
  /** Its own tags, for putting it back if the swap fails. */
  tags: Record<string, string>;
}

export interface RestorePlan {
  problems: MigrationProblem[];
  point?: ResolvedRestorePoint;
  /** The database the data comes from (the snapshot's source for a snapshot). */
  sourceDatabase?: string;
  bundleId?: string;
  replaced?: ReplacedDatabase;
}

const problem = (field: string, message: string): MigrationProblem => ({ field, message });

/**
 * Every check a database restore makes before anything changes, also run by `plan`: the source
 * resolves to one snapshot or one time within the backups, the bundle exists and is not smaller
 * than the source's, the new name is free, and the database to replace is provably the one meant.
 * Reads only.
 */
export async function databaseRestoreProblems(
  clients: LightsailClients,
  input: {
    region: string;
    source: DatabaseRestoreSource;
    bundleId?: string;
    /** Checked free; absent for a default name, which only a run knows. */
    targetName?: string;
    replace?: { databaseName: string; createdAt?: string };
  },
): Promise<RestorePlan> {
  const { region } = input;
  const found = await resolveSource(clients, region, input.source);
  const problems = [...found.problems];
  const plan: RestorePlan = { problems, point: found.point, sourceDatabase: found.sourceDatabase };

  if (found.sourceBundleId) {
    const bundles = await databaseBundles(clients, region);
    const source = bundles.find((b) => b.bundleId === found.sourceBundleId);
    const wanted = input.bundleId ?? found.sourceBundleId;
    const target = bundles.find((b) => b.bundleId === wanted);
    plan.bundleId = wanted;
    if (!target) {
      problems.push(
        problem('bundleId', `${wanted} is not a database bundle (GetRelationalDatabaseBundles) in ${region}`),
      );
    } else if (
      source &&
      ((target.diskSizeInGb ?? 0) < (source.diskSizeInGb ?? 0) ||
        (target.ramSizeInGb ?? 0) < (source.ramSizeInGb ?? 0))
    ) {
      problems.push(
        problem(
          'bundleId',
          `${wanted} (${target.ramSizeInGb} GB RAM, ${target.diskSizeInGb} GB disk) is smaller than the source's ${source.bundleId} (${source.ramSizeInGb} GB, ${source.diskSizeInGb} GB): Lightsail restores only to the same or a bigger bundle`,
        ),
      );
    }
  }

  if (input.targetName && (await readDatabase(clients, region, input.targetName))) {
    problems.push(
      problem(
        'targetName',
        `a database named ${input.targetName} already exists in ${region}; choose another name`,
      ),
    );
  }
  if (input.replace) {
    const replaced = await checkReplaced(clients, region, input.replace, found.sourceDatabase, problems);
    if (replaced) plan.replaced = replaced;
  }
  return plan;
}

async function resolveSource(
  clients: LightsailClients,
  region: string,
  source: DatabaseRestoreSource,
): Promise<{
  problems: MigrationProblem[];
  point?: ResolvedRestorePoint;
  sourceDatabase?: string;
  sourceBundleId?: string;
}> {
  if (source.type !== 'point-in-time') {
    const snapshot =
      source.type === 'snapshot'
        ? await readDatabaseSnapshot(clients, region, source.snapshotName)
        : await newestDatabaseSnapshot(clients, region, source.databaseName);
    if (!snapshot) {
      return {
        problems: [
          source.type === 'snapshot'
            ? problem('source.snapshotName', `no database snapshot named ${source.snapshotName} in ${region}`)
            : problem(
                'source.databaseName',
                `no available snapshot of a database named ${source.databaseName} in ${region}`,
              ),
        ],
      };
    }
    const name = snapshot.name!;
    const point: ResolvedRestorePoint = {
      type: 'snapshot',
      snapshotName: name,
      fromDatabase: snapshot.fromRelationalDatabaseName ?? '',
      snapshotCreatedAt: snapshot.createdAt?.toISOString() ?? '',
    };
    const problems =
      snapshot.state === 'available'
        ? []
        : [problem('source.snapshotName', `snapshot ${name} is ${snapshot.state}, not available`)];
    return {
      problems,
      point,
      sourceDatabase: snapshot.fromRelationalDatabaseName,
      sourceBundleId: snapshot.fromRelationalDatabaseBundleId,
    };
  }

  const db = await readDatabase(clients, region, source.databaseName);
  if (!db) {
    return {
      problems: [problem('source.databaseName', `no database named ${source.databaseName} in ${region}`)],
    };
  }
  const base = { sourceDatabase: db.name, sourceBundleId: db.relationalDatabaseBundleId };
  if (!db.backupRetentionEnabled) {
    return {
      ...base,
      problems: [
        problem(
          'source.databaseName',
          `${db.name} has backup retention turned off, so it has no point in time to restore; restore a snapshot instead`,
        ),
      ],
    };
  }
  const latest = db.latestRestorableTime;
  const restoreTime = source.restoreTime ? new Date(source.restoreTime) : latest;
  const problems: MigrationProblem[] = [];
  if (!restoreTime) {
    problems.push(
      problem('source.databaseName', `${db.name} has no restorable time yet (it is ${db.state})`),
    );
  } else if (source.restoreTime) {
    const earliest = Math.max(db.createdAt?.getTime() ?? 0, Date.now() - BACKUP_RETENTION_MS);
    if (latest && restoreTime.getTime() > latest.getTime()) {
      problems.push(
        problem(
          'source.restoreTime',
          `${source.restoreTime} is after the latest restorable time of ${db.name}, ${latest.toISOString()}`,
        ),
      );
    } else if (restoreTime.getTime() < earliest) {
      problems.push(
        problem(
          'source.restoreTime',
          `${source.restoreTime} is before the earliest restorable time of ${db.name}, ${new Date(earliest).toISOString()} (its creation, or the 7-day backup retention window)`,
        ),
      );
    }
  }
  return {
    ...base,
    problems,
    ...(restoreTime
      ? { point: { type: 'point-in-time', databaseName: db.name!, restoreTime: restoreTime.toISOString() } }
      : {}),
  };
}

/**
 * The database to replace must exist and be provably the one meant: the creation time the user
 * gave, or (none given) a run tag and a restored-from tag naming this source, set when an earlier
 * restore made it. A same-named database made since, or by hand, is refused.
 */
async function checkReplaced(
  clients: LightsailClients,
  region: string,
  replace: { databaseName: string; createdAt?: string },
  sourceDatabase: string | undefined,
  problems: MigrationProblem[],
): Promise<ReplacedDatabase | undefined> {
  const db = await readDatabase(clients, region, replace.databaseName);
  if (!db) {
    problems.push(
      problem('replace.databaseName', `no database named ${replace.databaseName} in ${region} to replace`),
    );
    return undefined;
  }
  const createdAt = db.createdAt?.toISOString() ?? '';
  if (replace.createdAt !== undefined) {
    // To the second: people copy the time from the console or the CLI, which may drop the milliseconds.
    if (Math.floor(Date.parse(replace.createdAt) / 1000) !== Math.floor(Date.parse(createdAt) / 1000)) {
      problems.push(
        problem(
          'replace.createdAt',
          `${db.name} in ${region} was created ${createdAt}, not ${replace.createdAt}: it is not the database meant, and nothing is replaced`,
        ),
      );
    }
  } else if (!madeByRestoreOf(db.tags, sourceDatabase)) {
    problems.push(
      problem(
        'replace.createdAt',
        `required: ${db.name} was not made by a restore of ${sourceDatabase ?? 'this source'} (it lacks the run and ${RESTORED_FROM_TAG_KEY} tags), so only its creation time proves it is the one to replace; it was created ${createdAt}`,
      ),
    );
  }
  if (db.state !== 'available' && db.state !== 'stopped') {
    problems.push(
      problem(
        'replace.databaseName',
        `${db.name} is ${db.state}; it must be available or stopped to be replaced`,
      ),
    );
  }
  const tags = Object.fromEntries(
    (db.tags ?? [])
      .filter((t) => t.key && !t.key.startsWith('lightsail-flows:'))
      .map((t) => [t.key!, t.value ?? '']),
  );
  return { name: db.name!, createdAt, availabilityZone: db.location?.availabilityZone, tags };
}

function madeByRestoreOf(tags: Tag[] | undefined, sourceDatabase: string | undefined): boolean {
  const from = tags?.find((t) => t.key === RESTORED_FROM_TAG_KEY)?.value;
  return taggedRun(tags) !== undefined && sourceDatabase !== undefined && from === sourceDatabase;
}
