import { invalidInput, notFound } from '../../errors';
import type { ActionContext, ActionRegistry } from '../../registry';
import {
  optionalBoolean,
  optionalString,
  requireName,
  requireOneOf,
  requireString,
  requireZone,
  tagsParam,
} from '../../validation';
import { newResource, operationOn } from '../common';
import { DATABASE_BLUEPRINTS, DATABASE_BUNDLES } from './catalogue';
import { forgetMasterPassword, generatePassword, masterPassword, setMasterPassword } from './secrets';
import type { StoredRelationalDatabase } from './types';
import { takeFinalSnapshot } from './snapshots';
import { CREATE_AWS_SECONDS, DELETE_AWS_SECONDS, databaseView } from './views';

const TYPE = 'RelationalDatabase';

/** The database, dropping one whose deletion has finished (deletion is settled on read). */
export function findDatabase(ctx: ActionContext, name: string): StoredRelationalDatabase {
  const db = ctx.store.relationalDatabases[name];
  if (db?.deletedAtMs !== undefined && ctx.clock.now() >= db.deletedAtMs) {
    delete ctx.store.relationalDatabases[name];
    forgetMasterPassword(db.arn);
    throw notFound(`The relational database ${name} does not exist.`);
  }
  if (!db) throw notFound(`The relational database ${name} does not exist.`);
  return db;
}

/**
 * Refuses a name a database holds. One whose deletion has finished no longer holds it: a name is
 * free again once DeleteRelationalDatabase's operation has ended, as on AWS (a swap relies on it).
 */
export function assertDatabaseNameFree(ctx: ActionContext, name: string): void {
  try {
    findDatabase(ctx, name);
  } catch {
    return;
  }
  throw invalidInput(`The relational database name ${name} is already in use.`);
}

function liveDatabases(ctx: ActionContext): StoredRelationalDatabase[] {
  const now = ctx.clock.now();
  return Object.values(ctx.store.relationalDatabases).filter(
    (db) => db.deletedAtMs === undefined || now < db.deletedAtMs,
  );
}

/** MySQL's rules for the master database and user names (the stricter of the two engines'). */
function checkIdentifier(field: string, value: string, maxLength: number): void {
  if (!/^[A-Za-z][A-Za-z0-9_]*$/.test(value) || value.length > maxLength) {
    throw invalidInput(
      `${field} "${value}" is invalid: 1 to ${maxLength} letters, digits and underscores, starting with a letter.`,
    );
  }
}

/** Printable ASCII except "/", '"', "@" and space; 8 to 41 characters (MySQL), 8 to 128 (PostgreSQL). */
export function checkPassword(engine: string, password: string): void {
  const max = engine === 'mysql' ? 41 : 128;
  if (password.length < 8 || password.length > max || !/^[!-~]+$/.test(password) || /[/"@]/.test(password)) {
    throw invalidInput(
      `The masterUserPassword is invalid: ${engine} passwords are 8 to ${max} printable ASCII characters other than "/", """, "@" and space.`,
    );
  }
}

export function registerDatabaseActions(registry: ActionRegistry): void {
  registry.registerTaggable(TYPE, (store, name) => store.relationalDatabases[name]);

  registry.register(
    'CreateRelationalDatabase',
    (ctx, params) => {
      const name = requireName(params, 'relationalDatabaseName');
      const blueprintId = requireOneOf(
        'relationalDatabaseBlueprintId',
        requireString(params, 'relationalDatabaseBlueprintId'),
        DATABASE_BLUEPRINTS.map((b) => b.blueprintId),
      );
      const bundleId = requireOneOf(
        'relationalDatabaseBundleId',
        requireString(params, 'relationalDatabaseBundleId'),
        DATABASE_BUNDLES.map((b) => b.bundleId),
      );
      const masterDatabaseName = requireString(params, 'masterDatabaseName');
      checkIdentifier('masterDatabaseName', masterDatabaseName, 64);
      const masterUsername = requireString(params, 'masterUsername');
      checkIdentifier('masterUsername', masterUsername, 16);
      const engine = DATABASE_BLUEPRINTS.find((b) => b.blueprintId === blueprintId)!.engine;
      const password = optionalString(params, 'masterUserPassword') ?? generatePassword();
      checkPassword(engine, password);
      const zone = params.availabilityZone === undefined ? `${ctx.region}a` : requireZone(params, ctx.region);
      assertDatabaseNameFree(ctx, name);
      const db: StoredRelationalDatabase = {
        ...newResource(ctx, name, TYPE, zone, CREATE_AWS_SECONDS, tagsParam(params)),
        blueprintId,
        bundleId,
        masterDatabaseName,
        masterUsername,
        publiclyAccessible: optionalBoolean(params, 'publiclyAccessible') ?? false,
        backupRetentionEnabled: true,
        preferredBackupWindow: optionalString(params, 'preferredBackupWindow') ?? '06:00-06:30',
        preferredMaintenanceWindow:
          optionalString(params, 'preferredMaintenanceWindow') ?? 'tue:07:00-tue:07:30',
      };
      ctx.store.relationalDatabases[name] = db;
      setMasterPassword(db.arn, password);
      return operationOn(ctx, db, TYPE, 'CreateRelationalDatabase', CREATE_AWS_SECONDS);
    },
    { mutating: true },
  );

  registry.register(
    'GetRelationalDatabase',
    (ctx, params) => {
      const db = findDatabase(ctx, requireString(params, 'relationalDatabaseName'));
      return { relationalDatabase: databaseView(db, ctx.region, ctx.clock) };
    },
    { mutating: false },
  );

  registry.register(
    'GetRelationalDatabases',
    (ctx) => ({
      relationalDatabases: liveDatabases(ctx).map((db) => databaseView(db, ctx.region, ctx.clock)),
    }),
    { mutating: false },
  );

  registry.register(
    'GetRelationalDatabaseMasterUserPassword',
    (ctx, params) => {
      const db = findDatabase(ctx, requireString(params, 'relationalDatabaseName'));
      const passwordVersion = optionalString(params, 'passwordVersion') ?? 'CURRENT';
      requireOneOf('passwordVersion', passwordVersion, ['CURRENT', 'PREVIOUS', 'PENDING']);
      return { masterUserPassword: masterPassword(db.arn), createdAt: db.createdAtMs / 1000 };
    },
    { mutating: false },
  );

  registry.register(
    'DeleteRelationalDatabase',
    (ctx, params) => {
      const db = findDatabase(ctx, requireString(params, 'relationalDatabaseName'));
      if (db.deletedAtMs !== undefined) {
        throw invalidInput(`The relational database ${db.name} is already being deleted.`);
      }
      // Lightsail's default is a final snapshot, which needs a name; skipFinalSnapshot waives it.
      const skip = optionalBoolean(params, 'skipFinalSnapshot') ?? false;
      const finalName = optionalString(params, 'finalRelationalDatabaseSnapshotName');
      if (!skip && finalName === undefined) {
        throw invalidInput(
          'finalRelationalDatabaseSnapshotName is required unless skipFinalSnapshot is true: Lightsail takes a final snapshot by default.',
        );
      }
      if (!skip && finalName !== undefined) takeFinalSnapshot(ctx, db, finalName);
      db.deletedAtMs = ctx.clock.after(DELETE_AWS_SECONDS);
      return operationOn(ctx, db, TYPE, 'DeleteRelationalDatabase', DELETE_AWS_SECONDS);
    },
    { mutating: true },
  );
}
