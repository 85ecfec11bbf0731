import type { Clock } from '../../clock';
import { resourceBase } from '../../views';
import { latestRestorableMs } from './backups';
import { DATABASE_BLUEPRINTS, DATABASE_BUNDLES } from './catalogue';
import type { StoredRelationalDatabase } from './types';

/** How long the pending states last, in AWS seconds. */
export const CREATE_AWS_SECONDS = 600;
export const DELETE_AWS_SECONDS = 120;
export const POWER_AWS_SECONDS = 120;
export const REBOOT_AWS_SECONDS = 60;

export function databaseState(db: StoredRelationalDatabase, now: number): string {
  if (db.deletedAtMs !== undefined) return 'deleting';
  if (now < db.readyAtMs) return 'creating';
  if (db.failed) return 'failed';
  if (db.power && now < db.power.settlesAtMs) return db.power.target === 'stopped' ? 'stopping' : 'starting';
  if (db.power?.target === 'stopped') return 'stopped';
  if (db.rebootEndsAtMs !== undefined && now < db.rebootEndsAtMs) return 'rebooting';
  return 'available';
}

/** Where a database answers: its made-up DNS name (stable: from its ARN) and its engine's port. */
export function databaseEndpoint(
  db: StoredRelationalDatabase,
  region: string,
): { address: string; port: number } {
  const blueprint = DATABASE_BLUEPRINTS.find((b) => b.blueprintId === db.blueprintId)!;
  return {
    address: `ls-${db.arn.slice(-12)}.${region}.rds.amazonaws.com`,
    port: blueprint.engine === 'mysql' ? 3306 : 5432,
  };
}

export function databaseView(db: StoredRelationalDatabase, region: string, clock: Clock) {
  const now = clock.now();
  const blueprint = DATABASE_BLUEPRINTS.find((b) => b.blueprintId === db.blueprintId)!;
  const bundle = DATABASE_BUNDLES.find((b) => b.bundleId === db.bundleId)!;
  const highlyAvailable = db.bundleId.includes('_ha_');
  return {
    ...resourceBase(db, region, 'RelationalDatabase'),
    backupRetentionEnabled: db.backupRetentionEnabled,
    caCertificateIdentifier: 'rds-ca-rsa2048-g1',
    engine: blueprint.engine,
    engineVersion: blueprint.engineVersion,
    hardware: {
      cpuCount: bundle.cpuCount,
      diskSizeInGb: bundle.diskSizeInGb,
      ramSizeInGb: bundle.ramSizeInGb,
    },
    // Backups run every five minutes on RDS, so the latest restorable time trails the clock.
    latestRestorableTime: latestRestorableMs(db, clock) / 1000,
    masterDatabaseName: db.masterDatabaseName,
    masterEndpoint: databaseEndpoint(db, region),
    masterUsername: db.masterUsername,
    parameterApplyStatus: 'in-sync',
    pendingMaintenanceActions: [],
    pendingModifiedValues: {},
    preferredBackupWindow: db.preferredBackupWindow,
    preferredMaintenanceWindow: db.preferredMaintenanceWindow,
    publiclyAccessible: db.publiclyAccessible,
    relationalDatabaseBlueprintId: db.blueprintId,
    relationalDatabaseBundleId: db.bundleId,
    secondaryAvailabilityZone: highlyAvailable ? `${region}b` : undefined,
    state: databaseState(db, now),
  };
}
