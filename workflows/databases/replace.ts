import type { ReplacedDatabase } from '../../src/lightsail/database-restore-checks';
import type { activityProxies } from '../support/activity-proxies';
import type { Compensations } from '../support/compensations';
import type { Progress } from '../support/progress';
import { restoreDatabaseFrom } from './restore';

type Proxies = ReturnType<typeof activityProxies>;

/** A swap: the database replaced, as the check found it, and the final snapshot it leaves. */
interface Swap {
  region: string;
  replaced: ReplacedDatabase;
  finalSnapshot: string;
  /** The user's tags, for what the run makes. */
  tags: Record<string, string>;
  vanishAfterMs: number;
}

/** A restore of the replaced database's data from its final snapshot, under `databaseName`. */
function fromFinalSnapshot(replaced: ReplacedDatabase, finalSnapshot: string, databaseName: string) {
  return {
    databaseName,
    point: {
      type: 'snapshot' as const,
      snapshotName: finalSnapshot,
      fromDatabase: replaced.name,
      snapshotCreatedAt: '',
    },
    sourceDatabase: replaced.name,
    ...(replaced.availabilityZone ? { availabilityZone: replaced.availabilityZone } : {}),
    publiclyAccessible: false,
    nameField: 'replace.databaseName',
  };
}

/**
 * Moves the replaced database out of its name. Lightsail cannot rename a database, so it is
 * deleted with a final snapshot under the run's name (tagged as the run's right after: deletion
 * cannot tag it), and its name is free once the deletion ends. Until the run succeeds, a failure
 * puts it back: the same name, its own tags, restored from that snapshot.
 */
export async function moveAside(
  proxies: Proxies,
  progress: Progress,
  saga: Compensations,
  input: Swap,
): Promise<void> {
  const { calls, shortWaits, longWaits, awaitOperations } = proxies;
  const { region, replaced, finalSnapshot } = input;
  await shortWaits.retireReplacedDatabase({
    region,
    databaseName: replaced.name,
    createdAt: replaced.createdAt,
    finalSnapshotName: finalSnapshot,
  });
  saga.add({
    description: `put database ${replaced.name} back from ${finalSnapshot}`,
    region,
    type: 'RelationalDatabase',
    name: replaced.name,
    undoneAs: 'restored',
    undo: async () => {
      await longWaits.awaitDatabaseGone({ region, databaseName: replaced.name });
      await longWaits.awaitDatabaseSnapshotAvailable({ region, snapshotName: finalSnapshot });
      const made = await calls.createDatabaseFromRestorePoint({
        region,
        ...fromFinalSnapshot(replaced, finalSnapshot, replaced.name),
        tags: replaced.tags,
        original: true,
      });
      if (made.operations.length > 0) await awaitOperations(made.operations);
      // The final snapshot stays: it is the replaced database's last copy from before the run.
    },
  });
  progress.touched({ region, type: 'RelationalDatabase', name: replaced.name, action: 'deleted' });
  await shortWaits.tagResource({
    region,
    resourceName: finalSnapshot,
    tags: input.tags,
    vanishAfterMs: input.vanishAfterMs,
  });
  progress.touched({ region, type: 'RelationalDatabaseSnapshot', name: finalSnapshot, action: 'created' });
  await longWaits.awaitDatabaseGone({ region, databaseName: replaced.name });
}

/**
 * What becomes of the replaced database once its successor is verified: kept, as a database
 * under the aside name restored from its final snapshot (the rename Lightsail lacks), or
 * deleted. Either way the final snapshot, the run's own, goes last.
 */
export async function settleOld(
  proxies: Proxies,
  progress: Progress,
  saga: Compensations,
  input: Swap & { aside?: string },
): Promise<void> {
  const { longWaits, shortWaits } = proxies;
  const { region, replaced, finalSnapshot } = input;
  await longWaits.awaitDatabaseSnapshotAvailable({
    region,
    snapshotName: finalSnapshot,
    vanishAfterMs: input.vanishAfterMs,
  });
  if (input.aside) {
    await restoreDatabaseFrom(proxies, progress, saga, {
      region,
      ...fromFinalSnapshot(replaced, finalSnapshot, input.aside),
      tags: { ...replaced.tags, ...input.tags },
      vanishAfterMs: input.vanishAfterMs,
    });
  }
  const { kept } = await shortWaits.deleteDatabaseSnapshot({ region, snapshotName: finalSnapshot });
  progress.touched({
    region,
    type: 'RelationalDatabaseSnapshot',
    name: finalSnapshot,
    action: kept ? 'kept' : 'deleted',
    ...(kept ? { note: kept } : {}),
  });
}
