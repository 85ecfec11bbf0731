import type { AvailableDatabase } from '../../activities/databases';
import type { ResolvedRestorePoint } from '../../src/schemas/restore-database';
import type { activityProxies } from '../support/activity-proxies';
import type { Compensations } from '../support/compensations';
import type { Progress } from '../support/progress';

type Proxies = ReturnType<typeof activityProxies>;

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
  input: {
    region: string;
    databaseName: string;
    point: ResolvedRestorePoint;
    sourceDatabase: string;
    bundleId?: string;
    availabilityZone?: string;
    publiclyAccessible: boolean;
    tags: Record<string, string>;
    nameField: string;
    vanishAfterMs: number;
  },
): Promise<AvailableDatabase> {
  const { calls, shortWaits, longWaits, awaitOperations } = proxies;
  const { region, databaseName } = input;
  const made = await calls.createDatabaseFromRestorePoint({
    region,
    databaseName,
    point: input.point,
    sourceDatabase: input.sourceDatabase,
    ...(input.bundleId ? { bundleId: input.bundleId } : {}),
    ...(input.availabilityZone ? { availabilityZone: input.availabilityZone } : {}),
    publiclyAccessible: input.publiclyAccessible,
    tags: input.tags,
    nameField: input.nameField,
  });
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
  return longWaits.awaitDatabaseAvailable({ region, databaseName, vanishAfterMs: input.vanishAfterMs });
}
