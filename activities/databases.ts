import {
  CreateRelationalDatabaseFromSnapshotCommand,
  DeleteRelationalDatabaseCommand,
  DeleteRelationalDatabaseSnapshotCommand,
  UpdateRelationalDatabaseCommand,
  type CreateRelationalDatabaseFromSnapshotCommandOutput,
  type Operation,
} from '@aws-sdk/client-lightsail';
import { ApplicationFailure } from '@temporalio/activity';
import { callLightsail } from '../src/lightsail/call';
import type { LightsailClients } from '../src/lightsail/clients';
import { databaseRestoreProblems, type RestorePlan } from '../src/lightsail/database-restore-checks';
import { readDatabase, readDatabaseSnapshot } from '../src/lightsail/databases';
import { isLightsailError, toTemporalFailure } from '../src/lightsail/errors';
import { operationRefs, type OperationRef } from '../src/lightsail/operations';
import { notOwnedReason, runTag, taggedRun, toTagList, TARGET_NAME_TAKEN } from '../src/lightsail/ownership';
import { reachAddress, type Reachable } from '../src/lightsail/reach';
import { missingResource } from '../src/lightsail/vanished';
import { stillInProgress } from '../src/lightsail/waiting';
import {
  RESTORED_FROM_TAG_KEY,
  type DatabaseRestoreSource,
  type ResolvedRestorePoint,
} from '../src/schemas/restore-database';
import { currentWorkflowId } from './context';
import { awaitQuickOperations } from './operation-waits';

/** The database to replace is no longer the one the run checked: it never touches a newcomer. */
export const DATABASE_REPLACED = 'DatabaseReplaced';
/** The worker's environment lacks the variable the input names for the master password. */
export const PASSWORD_NOT_SET = 'PasswordNotSet';

/** A database as the workflow needs it once it is available: never its password. */
export interface AvailableDatabase {
  arn: string;
  bundleId: string;
  engine: string;
  endpoint: { address: string; port: number };
}

/** Relational databases: restores, the swap's retirement of the old one, the password, reaching the endpoint. */
export function databaseActivities({ clients }: { clients: LightsailClients }) {
  const waitFor = (region: string, operations: Operation[] | undefined) =>
    awaitQuickOperations(clients, region, operations);

  return {
    /** Resolves the source and lists every reason the restore cannot start. Reads only (plan runs it too). */
    async inspectDatabaseRestore(input: {
      region: string;
      source: DatabaseRestoreSource;
      bundleId?: string;
      targetName?: string;
      replace?: { databaseName: string; createdAt?: string };
    }): Promise<RestorePlan> {
      return databaseRestoreProblems(clients, input);
    },

    /**
     * Creates a database from a snapshot or a point in time, tagged at creation with the run and
     * the source it was restored from, so a retry that finds the name taken can tell its own
     * database (adopted) from anyone else's (TargetNameTaken). With `original`, it puts a replaced
     * database back under its name with its own tags only: it is the user's again.
     */
    async createDatabaseFromRestorePoint(input: {
      region: string;
      databaseName: string;
      point: ResolvedRestorePoint;
      sourceDatabase: string;
      bundleId?: string;
      availabilityZone?: string;
      publiclyAccessible: boolean;
      tags: Record<string, string>;
      original?: boolean;
      nameField: string;
    }): Promise<{ operations: OperationRef[]; adopted: boolean }> {
      const workflowId = currentWorkflowId();
      const { point, region } = input;
      const tags = input.original
        ? toTagList(input.tags)
        : [
            ...toTagList(input.tags),
            runTag(workflowId),
            { key: RESTORED_FROM_TAG_KEY, value: input.sourceDatabase },
          ];
      let out: CreateRelationalDatabaseFromSnapshotCommandOutput;
      try {
        out = await clients.forRegion(region).send(
          new CreateRelationalDatabaseFromSnapshotCommand({
            relationalDatabaseName: input.databaseName,
            ...(point.type === 'snapshot'
              ? { relationalDatabaseSnapshotName: point.snapshotName }
              : {
                  sourceRelationalDatabaseName: point.databaseName,
                  restoreTime: new Date(point.restoreTime),
                }),
            ...(input.bundleId ? { relationalDatabaseBundleId: input.bundleId } : {}),
            ...(input.availabilityZone ? { availabilityZone: input.availabilityZone } : {}),
            publiclyAccessible: input.publiclyAccessible,
            tags,
          }),
        );
      } catch (err) {
        if (!isLightsailError(err, 'InvalidInputException')) {
          throw toTemporalFailure(err, { action: 'CreateRelationalDatabaseFromSnapshot', region });
        }
        const existing = await readDatabase(clients, region, input.databaseName);
        if (existing && !input.original && taggedRun(existing.tags) === workflowId) {
          return { operations: [], adopted: true };
        }
        if (existing) {
          throw ApplicationFailure.nonRetryable(
            `${input.nameField}: a database named "${input.databaseName}" already exists in ${region}, created ${existing.createdAt?.toISOString()}, and this run did not make it. It is left alone.`,
            TARGET_NAME_TAKEN,
          );
        }
        throw toTemporalFailure(err, { action: 'CreateRelationalDatabaseFromSnapshot', region });
      }
      return { operations: operationRefs(out.operations, region), adopted: false };
    },

    /** Long wait: resolves once the database is available, with its endpoint. */
    async awaitDatabaseAvailable(input: {
      region: string;
      databaseName: string;
      vanishAfterMs?: number;
    }): Promise<AvailableDatabase> {
      const db = await readDatabase(clients, input.region, input.databaseName);
      if (!db) throw missingResource(`Database ${input.databaseName}`, input.region, input.vanishAfterMs);
      if (db.state !== 'available') {
        if (db.state === 'failed' || db.state === 'deleting' || db.state === 'incompatible-restore') {
          throw ApplicationFailure.nonRetryable(
            `Database ${input.databaseName} in ${input.region} is ${db.state}, not available`,
            'DatabaseNotAvailable',
          );
        }
        throw stillInProgress(`Database ${input.databaseName} is ${db.state}`);
      }
      return {
        arn: db.arn ?? '',
        bundleId: db.relationalDatabaseBundleId ?? '',
        engine: db.engine ?? '',
        endpoint: { address: db.masterEndpoint?.address ?? '', port: db.masterEndpoint?.port ?? 0 },
      };
    },

    /** Long wait: resolves once the database snapshot is available (a final snapshot takes minutes). */
    async awaitDatabaseSnapshotAvailable(input: {
      region: string;
      snapshotName: string;
      vanishAfterMs?: number;
    }): Promise<void> {
      const snapshot = await readDatabaseSnapshot(clients, input.region, input.snapshotName);
      if (!snapshot)
        throw missingResource(`Database snapshot ${input.snapshotName}`, input.region, input.vanishAfterMs);
      if (snapshot.state === 'available') return;
      if (snapshot.state === 'failed') {
        throw ApplicationFailure.nonRetryable(
          `Database snapshot ${input.snapshotName} in ${input.region} failed`,
          'SnapshotFailed',
        );
      }
      throw stillInProgress(`Database snapshot ${input.snapshotName} is ${snapshot.state}`);
    },

    /** Long wait: resolves once no database holds the name (its deletion has finished). */
    async awaitDatabaseGone(input: { region: string; databaseName: string }): Promise<void> {
      const db = await readDatabase(clients, input.region, input.databaseName);
      if (db) throw stillInProgress(`Database ${input.databaseName} is ${db.state}`);
    },

    /** Where a TCP check reaches the database's endpoint (on the emulator: its loopback listener). */
    async reachDatabase(input: {
      region: string;
      address: string;
      port: number;
    }): Promise<Reachable & { address: string }> {
      return {
        ...(await reachAddress(clients, input.region, input.address, input.port)),
        address: input.address,
      };
    },

    /**
     * Sets the master password from the worker's environment variable `fromEnv`. The password is
     * read here and goes only to Lightsail: never into the activity's input or result, so never
     * into the history, the progress or a log line. A missing variable fails at once, naming it.
     */
    async setDatabasePasswordFromEnv(input: {
      region: string;
      databaseName: string;
      fromEnv: string;
    }): Promise<void> {
      const password = process.env[input.fromEnv];
      if (!password) {
        throw ApplicationFailure.nonRetryable(
          `masterPassword.fromEnv: the worker has no environment variable ${input.fromEnv} (or it is empty); set it where the worker runs.`,
          PASSWORD_NOT_SET,
        );
      }
      const out = await callLightsail(clients, input.region, 'UpdateRelationalDatabase', (c) =>
        c.send(
          new UpdateRelationalDatabaseCommand({
            relationalDatabaseName: input.databaseName,
            masterUserPassword: password,
            applyImmediately: true,
          }),
        ),
      );
      await waitFor(input.region, out.operations);
    },

    /**
     * Deletes the database a swap replaces, with a final snapshot under the run's name, after
     * reading it once more: one created at another time than the check saw is someone else's,
     * and is left alone (DatabaseReplaced). Gone already with the final snapshot there: a retry
     * of this very call, done.
     */
    async retireReplacedDatabase(input: {
      region: string;
      databaseName: string;
      createdAt: string;
      finalSnapshotName: string;
    }): Promise<void> {
      const { region } = input;
      const db = await readDatabase(clients, region, input.databaseName);
      const same = db?.createdAt?.toISOString() === input.createdAt;
      if (!db || db.state === 'deleting') {
        if (await readDatabaseSnapshot(clients, region, input.finalSnapshotName)) return;
        // The checked database going, without its final snapshot in sight yet: this call's
        // earlier attempt may have asked, and the snapshot shows up late. Wait for it a while.
        if (same) throw missingResource(`Final snapshot ${input.finalSnapshotName}`, region);
        throw ApplicationFailure.nonRetryable(
          `replace.databaseName: ${input.databaseName} in ${region} is ${db ? 'being deleted' : 'gone'}, and not by this run: nothing is replaced.`,
          DATABASE_REPLACED,
        );
      }
      if (!same) {
        throw ApplicationFailure.nonRetryable(
          `replace.databaseName: ${input.databaseName} in ${region} was created ${db.createdAt?.toISOString()}, not ${input.createdAt}: it is another database under the same name, and the run leaves it alone.`,
          DATABASE_REPLACED,
        );
      }
      const out = await callLightsail(clients, region, 'DeleteRelationalDatabase', (c) =>
        c.send(
          new DeleteRelationalDatabaseCommand({
            relationalDatabaseName: input.databaseName,
            finalRelationalDatabaseSnapshotName: input.finalSnapshotName,
          }),
        ),
      );
      await waitFor(region, out.operations);
    },

    /**
     * Deletes a database this run made (no final snapshot: its data is the source's); one
     * already gone or going is done. With onlyIfOwn, one not tagged as this run's (read again
     * just before) is kept, and the answer says why.
     */
    async deleteDatabase(input: {
      region: string;
      databaseName: string;
      onlyIfOwn?: boolean;
    }): Promise<{ kept?: string }> {
      const current = await readDatabase(clients, input.region, input.databaseName);
      if (!current || current.state === 'deleting') return {};
      if (input.onlyIfOwn) {
        const kept = notOwnedReason(current.tags, currentWorkflowId());
        if (kept) return { kept };
      }
      try {
        const out = await clients.forRegion(input.region).send(
          new DeleteRelationalDatabaseCommand({
            relationalDatabaseName: input.databaseName,
            skipFinalSnapshot: true,
          }),
        );
        await waitFor(input.region, out.operations);
      } catch (err) {
        if (isLightsailError(err, 'NotFoundException')) return {};
        throw toTemporalFailure(err, { action: 'DeleteRelationalDatabase', region: input.region });
      }
      return {};
    },

    /** Deletes a database snapshot this run made (tagged as its own, read again just before). */
    async deleteDatabaseSnapshot(input: {
      region: string;
      snapshotName: string;
    }): Promise<{ kept?: string }> {
      const current = await readDatabaseSnapshot(clients, input.region, input.snapshotName);
      if (!current) return {};
      const kept = notOwnedReason(current.tags, currentWorkflowId());
      if (kept) return { kept };
      try {
        const out = await clients.forRegion(input.region).send(
          new DeleteRelationalDatabaseSnapshotCommand({
            relationalDatabaseSnapshotName: input.snapshotName,
          }),
        );
        await waitFor(input.region, out.operations);
      } catch (err) {
        if (isLightsailError(err, 'NotFoundException')) return {};
        throw toTemporalFailure(err, { action: 'DeleteRelationalDatabaseSnapshot', region: input.region });
      }
      return {};
    },
  };
}
