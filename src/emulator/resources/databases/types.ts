import type { StoredBase } from '../../state';

export interface StoredRelationalDatabase extends StoredBase {
  blueprintId: string;
  bundleId: string;
  masterDatabaseName: string;
  masterUsername: string;
  publiclyAccessible: boolean;
  backupRetentionEnabled: boolean;
  preferredBackupWindow: string;
  preferredMaintenanceWindow: string;
  /** Set by DeleteRelationalDatabase: the database is deleting until then, then gone. */
  deletedAtMs?: number;
}
