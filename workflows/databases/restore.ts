import type { Activities } from '../../activities';
import type { AvailableDatabase } from '../../activities/databases';
import type { activityProxies } from '../support/activity-proxies';
import type { Compensations } from '../support/compensations';
import type { Progress } from '../support/progress';

type Proxies = ReturnType<typeof activityProxies>;
type CreateInput = Parameters<Activities['createDatabaseFromRestorePoint']>[0];

/**
 * Creates a database from a restore point, tagged with the run and its source at creation,
 * registers its deletion (only while it carries this run's tag), and waits until it is available:
 * the operation through the worker's shared watcher, then the state as a long wait, so minutes or
 * hours of restore cost the same few history events.
 */
export async function restoreDatabaseFrom(
  proxies: Proxies,
  progress: Progress,
  saga: Compensations,
  input: Omit<CreateInput, 'original'> & { vanishAfterMs: number },
): Promise<AvailableDatabase> {
  const { calls, shortWaits, longWaits, awaitOperations } = proxies;
  const { vanishAfterMs, ...create } = input;
  const { region, databaseName } = create;
  const made = await calls.createDatabaseFromRestorePoint(create);
  saga.add({
    description: `delete database ${databaseName} in ${region}`,
    region,
    type: 'RelationalDatabase',
    name: databaseName,
    undo: () => shortWaits.deleteDatabase({ region, databaseName, onlyIfOwn: true }),
  });
  progress.touched({
    region,
    type: 'RelationalDatabase',
    name: databaseName,
    action: made.adopted ? 'adopted' : 'created',
  });
  if (made.operations.length > 0) await awaitOperations(made.operations);
  return longWaits.awaitDatabaseAvailable({ region, databaseName, vanishAfterMs });
}
