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
  /** The last stop or start: in transition until `settlesAtMs`. */
  power?: { target: 'stopped' | 'available'; settlesAtMs: number };
  /** The last reboot ends then. */
  rebootEndsAtMs?: number;
  /** Engine parameters changed from their defaults. */
  parameters?: Record<string, string>;
  /** The loopback port its endpoint answers on while available (database-server.ts). */
  servedPort?: number;
  /** Set by DeleteRelationalDatabase: the database is deleting until then, then gone. */
  deletedAtMs?: number;
}
