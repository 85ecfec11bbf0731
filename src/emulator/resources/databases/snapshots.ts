import { invalidInput, notFound } from '../../errors';
import type { ActionRegistry } from '../../registry';
import type { StoredBase } from '../../state';
import { optionalString, requireName, requireString, tagsParam, type Params } from '../../validation';
import { lifecycle, resourceBase } from '../../views';
import { newResource, operationOn } from '../common';
import { DATABASE_BLUEPRINTS, DATABASE_BUNDLES } from './catalogue';
import { bundleOf, checkRestoreTime, restoreAwsSeconds } from './backups';
import { assertDatabaseNameFree, findDatabase } from './database-actions';
import { generatePassword, masterPassword, setMasterPassword } from './secrets';
import type { StoredRelationalDatabase } from './types';
import { databaseState } from './views';

/** A database snapshot is `creating` for this long, in AWS seconds. */
const SNAPSHOT_AWS_SECONDS = 300;

export interface StoredDatabaseSnapshot extends StoredBase {
  from: Pick<
    StoredRelationalDatabase,
    'name' | 'arn' | 'blueprintId' | 'bundleId' | 'masterDatabaseName' | 'masterUsername'
  >;
}

function snapshotView(s: StoredDatabaseSnapshot, region: string, now: number) {
  const blueprint = DATABASE_BLUEPRINTS.find((b) => b.blueprintId === s.from.blueprintId)!;
  const bundle = DATABASE_BUNDLES.find((b) => b.bundleId === s.from.bundleId)!;
  const stage = lifecycle(s, now);
  return {
    ...resourceBase(s, region, 'RelationalDatabaseSnapshot'),
    engine: blueprint.engine,
    engineVersion: blueprint.engineVersion,
    fromRelationalDatabaseArn: s.from.arn,
    fromRelationalDatabaseBlueprintId: s.from.blueprintId,
    fromRelationalDatabaseBundleId: s.from.bundleId,
    fromRelationalDatabaseName: s.from.name,
    sizeInGb: bundle.diskSizeInGb,
    state: stage === 'pending' ? 'creating' : stage === 'ready' ? 'available' : 'failed',
  };
}

function findSnapshot(
  store: { relationalDatabaseSnapshots: Record<string, StoredDatabaseSnapshot> },
  name: string,
) {
  const s = store.relationalDatabaseSnapshots[name];
  if (!s) throw notFound(`The relational database snapshot ${name} does not exist.`);
  return s;
}

type Ctx = Parameters<Parameters<ActionRegistry['register']>[1]>[0];

function newSnapshot(
  ctx: Ctx,
  db: StoredRelationalDatabase,
  name: string,
  tags: { key: string; value?: string }[],
): StoredDatabaseSnapshot {
  if (ctx.store.relationalDatabaseSnapshots[name])
    throw invalidInput(`The snapshot name ${name} is already in use.`);
  const snapshot: StoredDatabaseSnapshot = {
    ...newResource(ctx, name, 'RelationalDatabaseSnapshot', db.availabilityZone, SNAPSHOT_AWS_SECONDS, tags),
    from: {
      name: db.name,
      arn: db.arn,
      blueprintId: db.blueprintId,
      bundleId: db.bundleId,
      masterDatabaseName: db.masterDatabaseName,
      masterUsername: db.masterUsername,
    },
  };
  ctx.store.relationalDatabaseSnapshots[name] = snapshot;
  // The snapshot keeps the database's password, as RDS does, so a restore can sign in with it.
  setMasterPassword(snapshot.arn, masterPassword(db.arn));
  return snapshot;
}

/** The snapshot DeleteRelationalDatabase takes before the database goes. */
export function takeFinalSnapshot(ctx: Ctx, db: StoredRelationalDatabase, name: string): void {
  newSnapshot(ctx, db, name, []);
}

/** Database snapshots, and new databases from them or from a point in time of another. */
export function registerDatabaseSnapshots(registry: ActionRegistry): void {
  registry.registerTaggable(
    'RelationalDatabaseSnapshot',
    (store, name) => store.relationalDatabaseSnapshots[name],
  );

  registry.register(
    'CreateRelationalDatabaseSnapshot',
    (ctx, params) => {
      const db = findDatabase(ctx, requireString(params, 'relationalDatabaseName'));
      if (databaseState(db, ctx.clock.now()) !== 'available') {
        throw invalidInput(
          `The relational database ${db.name} is ${databaseState(db, ctx.clock.now())}; snapshot it once it is available.`,
        );
      }
      const snapshot = newSnapshot(
        ctx,
        db,
        requireName(params, 'relationalDatabaseSnapshotName'),
        tagsParam(params),
      );
      return operationOn(
        ctx,
        snapshot,
        'RelationalDatabaseSnapshot',
        'CreateRelationalDatabaseSnapshot',
        SNAPSHOT_AWS_SECONDS,
      );
    },
    { mutating: true },
  );

  registry.register(
    'GetRelationalDatabaseSnapshot',
    (ctx, params) => ({
      relationalDatabaseSnapshot: snapshotView(
        findSnapshot(ctx.store, requireString(params, 'relationalDatabaseSnapshotName')),
        ctx.region,
        ctx.clock.now(),
      ),
    }),
    { mutating: false },
  );

  registry.register(
    'GetRelationalDatabaseSnapshots',
    (ctx) => ({
      relationalDatabaseSnapshots: Object.values(ctx.store.relationalDatabaseSnapshots).map((s) =>
        snapshotView(s, ctx.region, ctx.clock.now()),
      ),
    }),
    { mutating: false },
  );

  registry.register(
    'DeleteRelationalDatabaseSnapshot',
    (ctx, params) => {
      const s = findSnapshot(ctx.store, requireString(params, 'relationalDatabaseSnapshotName'));
      delete ctx.store.relationalDatabaseSnapshots[s.name];
      return operationOn(ctx, s, 'RelationalDatabaseSnapshot', 'DeleteRelationalDatabaseSnapshot');
    },
    { mutating: true },
  );

  registry.register(
    'CreateRelationalDatabaseFromSnapshot',
    (ctx, params) => {
      const name = requireName(params, 'relationalDatabaseName');
      assertDatabaseNameFree(ctx, name);
      const snapshotName = optionalString(params, 'relationalDatabaseSnapshotName');
      const sourceName = optionalString(params, 'sourceRelationalDatabaseName');
      if ((snapshotName === undefined) === (sourceName === undefined)) {
        throw invalidInput(
          'Give exactly one of relationalDatabaseSnapshotName and sourceRelationalDatabaseName.',
        );
      }
      const from =
        snapshotName !== undefined
          ? pointFromSnapshot(ctx, snapshotName)
          : pointInTime(ctx, sourceName!, params);
      const bundleId = optionalString(params, 'relationalDatabaseBundleId') ?? from.bundleId;
      const bundle = bundleOf(bundleId);
      if (!bundle) {
        throw invalidInput(
          `relationalDatabaseBundleId must be one of ${DATABASE_BUNDLES.map((b) => b.bundleId).join(', ')}.`,
        );
      }
      const sourceBundle = bundleOf(from.bundleId)!;
      if (bundle.diskSizeInGb < sourceBundle.diskSizeInGb || bundle.ramSizeInGb < sourceBundle.ramSizeInGb) {
        throw invalidInput(
          `relationalDatabaseBundleId ${bundleId} is smaller than the source's bundle ${from.bundleId}: a database restored from a snapshot cannot be on a smaller bundle.`,
        );
      }
      const zone =
        params.availabilityZone === undefined ? `${ctx.region}a` : requireString(params, 'availabilityZone');
      if (!new RegExp(`^${ctx.region}[a-f]$`).test(zone))
        throw invalidInput(`The availability zone ${zone} is not in ${ctx.region}.`);
      // The restore takes as long as the data it brings back: the snapshot's size.
      const awsSeconds = restoreAwsSeconds(sourceBundle.diskSizeInGb, sourceName !== undefined);
      const db: StoredRelationalDatabase = {
        ...newResource(ctx, name, 'RelationalDatabase', zone, awsSeconds, tagsParam(params)),
        blueprintId: from.blueprintId,
        bundleId,
        masterDatabaseName: from.masterDatabaseName,
        masterUsername: from.masterUsername,
        publiclyAccessible: params.publiclyAccessible === true,
        backupRetentionEnabled: true,
        preferredBackupWindow: '06:00-06:30',
        preferredMaintenanceWindow: 'tue:07:00-tue:07:30',
      };
      ctx.store.relationalDatabases[name] = db;
      // The restored database signs in as its source did: the password comes with the data.
      setMasterPassword(db.arn, masterPassword(from.arn) ?? generatePassword());
      return operationOn(ctx, db, 'RelationalDatabase', 'CreateRelationalDatabaseFromSnapshot', awsSeconds);
    },
    { mutating: true },
  );

  function pointFromSnapshot(ctx: Ctx, name: string) {
    const s = findSnapshot(ctx.store, name);
    if (lifecycle(s, ctx.clock.now()) !== 'ready') {
      throw invalidInput(`The snapshot ${name} is not available yet; wait for it to complete and try again.`);
    }
    return { ...s.from, arn: s.arn };
  }

  /** A restore of another database to a time within its backups, or its latest restorable time. */
  function pointInTime(ctx: Ctx, sourceName: string, params: Params) {
    const source = findDatabase(ctx, sourceName);
    const restoreTime = params.restoreTime;
    const useLatest = params.useLatestRestorableTime;
    if (restoreTime !== undefined && useLatest === true) {
      throw invalidInput('restoreTime and useLatestRestorableTime cannot be used together.');
    }
    if (restoreTime === undefined && useLatest !== true) {
      throw invalidInput('A point-in-time restore needs restoreTime or useLatestRestorableTime.');
    }
    checkRestoreTime(source, ctx.clock, restoreTime);
    return source;
  }
}
