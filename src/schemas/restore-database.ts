import { z } from 'zod';
import { PollSchedule, Region, ResourceName, Tags } from './common';
import { requiredOr } from './messages';
import { InstanceVerification } from './migrate-instance';
import type { StepTiming } from './progress';

/** The workflow type users type: `temporal workflow start --type restoreDatabase`. */
export const RESTORE_DATABASE_WORKFLOW = 'restoreDatabase';

/**
 * Put at creation on every database a restore makes, with the name of the database its data
 * came from. With the run tag it proves "a restore of this source made it", so the next night's
 * refresh may replace it without the user naming its creation time (see `replace`).
 */
export const RESTORED_FROM_TAG_KEY = 'lightsail-flows:restored-from';

const IsoTime = z
  .string({ error: requiredOr('must be a time such as "2026-12-01T23:30:00Z"') })
  .refine((t) => /^\d{4}-\d{2}-\d{2}T/.test(t) && !Number.isNaN(Date.parse(t)), {
    error: 'must be an ISO 8601 time such as "2026-12-01T23:30:00Z"',
  });

/** Where the data comes from. */
export const DatabaseRestoreSource = z.discriminatedUnion(
  'type',
  [
    /** The newest available manual snapshot of a database (its final snapshot counts too). */
    z.strictObject({ type: z.literal('newest-snapshot'), databaseName: ResourceName }),
    /** One manual database snapshot, by name. */
    z.strictObject({ type: z.literal('snapshot'), snapshotName: ResourceName }),
    /**
     * A point in time of a database's automated backups (its backup retention must be on): a
     * time within its retention window, or, without restoreTime, its latest restorable time.
     */
    z.strictObject({
      type: z.literal('point-in-time'),
      databaseName: ResourceName,
      restoreTime: IsoTime.optional(),
    }),
  ],
  {
    error: requiredOr(
      'must have "type": "newest-snapshot" (with databaseName), "snapshot" (with snapshotName) or "point-in-time" (with databaseName, and restoreTime or none for the latest)',
    ),
  },
);

/** TCP connections to the database's endpoint, as migrateInstance's tcp verification without a port (the engine's). */
export const DatabaseVerification = InstanceVerification.options[1].omit({ type: true, port: true });

/**
 * The database the restored one replaces (the "refresh staging from production" job): it takes
 * that database's name. Lightsail cannot rename a database, so the old one is deleted with a final
 * snapshot first; `old` says what becomes of it. Replaced only if the run can prove it is the one
 * meant: its creation time equals `createdAt`, or (no createdAt) an earlier restore of the same
 * source made it (run tag and restored-from tag, set at its creation).
 */
export const ReplaceDatabase = z.strictObject({
  databaseName: ResourceName,
  /** The creation time of the database to replace, as GetRelationalDatabase answers it (to the second). */
  createdAt: IsoTime.optional(),
  /**
   * keep: its data lives on as a database named `<name>-previous-<run>`, restored from its final
   * snapshot (a rename aside); delete: it and its final snapshot are gone once the new one is verified.
   */
  old: z.enum(['keep', 'delete'], { error: requiredOr('must be "keep" or "delete"') }),
});

/**
 * The master password. A restore signs in as its source did (Lightsail restores the password
 * with the data), so no password need pass through the run at all. To set another one, the input
 * names an environment variable of the worker, and the activity reads it there: the password
 * never enters the workflow's input, its history, its progress or its logs, encrypted or not. A
 * password field in the input is refused (strict object): even encrypted, a history holds it for
 * the retention period, and anyone with the codec key reads it.
 */
export const MasterPassword = z.strictObject({
  fromEnv: z
    .string({ error: requiredOr('must be the name of an environment variable of the worker') })
    .regex(/^[A-Z_][A-Z0-9_]{0,127}$/, 'must be an environment variable name such as STAGING_DB_PASSWORD'),
});

export const RestoreDatabaseInput = z
  .strictObject({
    region: Region,
    source: DatabaseRestoreSource,
    /** The new database's name; default: derived from the run, e.g. prod-db-restored-3fa9c1d2. */
    targetName: ResourceName.optional(),
    replace: ReplaceDatabase.optional(),
    /** Default: the source's bundle. Lightsail refuses one smaller than the source's. */
    bundleId: z.string().min(1, 'must not be empty').optional(),
    availabilityZone: z
      .string()
      .regex(/^[a-z]{2}-[a-z]+-\d[a-z]$/, 'must be an availability zone such as us-east-1b')
      .optional(),
    publiclyAccessible: z.boolean().default(false),
    masterPassword: MasterPassword.optional(),
    /** Refused with a reason rather than as an unknown key: people will try it. */
    masterUserPassword: z
      .never({
        error:
          'a password is never taken in the input (its history would keep it); name an environment variable of the worker in masterPassword.fromEnv, or leave it out to keep the source password',
      })
      .optional(),
    verification: DatabaseVerification.prefault({}),
    /** Added to everything the run creates. */
    tags: Tags.default({}),
    poll: PollSchedule.prefault({}),
  })
  .refine((i) => !(i.targetName && i.replace), {
    error:
      'give targetName or replace, not both: a replacing restore takes the name of the database it replaces',
    path: ['targetName'],
  })
  .refine((i) => !i.availabilityZone || i.availabilityZone.startsWith(i.region), {
    error: 'must be a zone of region',
    path: ['availabilityZone'],
  })
  .refine(
    (i) => !i.replace || i.source.type === 'snapshot' || i.source.databaseName !== i.replace.databaseName,
    {
      error: 'must not be the source database: a database cannot be restored over itself',
      path: ['replace', 'databaseName'],
    },
  );

export type RestoreDatabaseInput = z.input<typeof RestoreDatabaseInput>;
export type RestoreDatabaseParsedInput = z.output<typeof RestoreDatabaseInput>;
export type DatabaseRestoreSource = z.output<typeof DatabaseRestoreSource>;
export type DatabaseVerification = z.output<typeof DatabaseVerification>;

/** The restore's source, resolved: one snapshot, or one database at one time. */
export type ResolvedRestorePoint =
  | { type: 'snapshot'; snapshotName: string; fromDatabase: string; snapshotCreatedAt: string }
  | { type: 'point-in-time'; databaseName: string; restoreTime: string };

export interface RestoreDatabaseResult {
  database: {
    region: string;
    name: string;
    arn: string;
    bundleId: string;
    engine: string;
    endpoint: { address: string; port: number };
  };
  restoredFrom: ResolvedRestorePoint;
  /** How the password was set: kept from the source, or from the worker's environment variable. */
  password: 'kept-from-source' | { fromEnv: string };
  verification: { passed: number };
  replaced?: {
    name: string;
    createdAt: string;
    old: 'kept' | 'deleted';
    /** When kept: the name its data lives on under. */
    keptAs?: string;
  };
  steps: StepTiming[];
}
