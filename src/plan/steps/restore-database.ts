import type { RestoreDatabaseParsedInput } from '../../schemas/restore-database';
import type { PlannedStep } from './planned-step';

/** The names a restore uses; the defaults carry the run's suffix, which only a run knows. */
export interface RestoreNames {
  /** The new database: the replaced one's name, targetName, or `<source>-restored-<run>`. */
  target: string;
  /** A swap's final snapshot of the replaced database: `<name>-replaced-<run>`. */
  finalSnapshot?: string;
  /** Where a kept old database lives on: `<name>-previous-<run>`. */
  aside?: string;
}

/** What the data comes from, in words. */
export function restoreSourceName(source: RestoreDatabaseParsedInput['source']): string {
  return source.type === 'snapshot' ? source.snapshotName : source.databaseName;
}

/**
 * The names, from a way to make a run-scoped one (`runScopedName` in a run; a `<run>`
 * placeholder in a plan), so that the workflow and the plan name things alike.
 */
export function restoreNames(
  input: RestoreDatabaseParsedInput,
  scoped: (base: string, stamp: string) => string,
): RestoreNames {
  const replaced = input.replace?.databaseName;
  return {
    target: replaced ?? input.targetName ?? scoped(restoreSourceName(input.source), 'restored'),
    ...(replaced ? { finalSnapshot: scoped(replaced, 'replaced') } : {}),
    ...(replaced && input.replace?.old === 'keep' ? { aside: scoped(replaced, 'previous') } : {}),
  };
}

function sourceWords(source: RestoreDatabaseParsedInput['source']): string {
  if (source.type === 'snapshot') return `snapshot ${source.snapshotName}`;
  if (source.type === 'newest-snapshot') return `the newest snapshot of ${source.databaseName}`;
  return `${source.databaseName} as it was at ${source.restoreTime ?? 'its latest restorable time'}`;
}

/** restoreDatabase's steps, planned at its start: a pure function of the input and the names. */
export function restoreSteps(input: RestoreDatabaseParsedInput, names: RestoreNames): PlannedStep[] {
  const r = input.replace;
  const v = input.verification;
  return [
    { id: 'check', title: `Check ${sourceWords(input.source)}, the bundle and the names in ${input.region}` },
    ...(r
      ? [
          {
            id: 'aside',
            title: `Delete ${r.databaseName} (checked by its creation time), keeping a final snapshot ${names.finalSnapshot}`,
          },
        ]
      : []),
    {
      id: 'restore',
      title: `Restore ${names.target} from ${sourceWords(input.source)}${input.bundleId ? ` on ${input.bundleId}` : ''} and wait until it is available`,
    },
    ...(input.masterPassword
      ? [
          {
            id: 'password',
            title: `Set the master password from the worker's ${input.masterPassword.fromEnv}`,
          },
        ]
      : []),
    {
      id: 'verify',
      title: `Verify ${names.target}: its endpoint accepts TCP connections, ${v.checks} time(s)`,
    },
    ...(r?.old === 'keep'
      ? [
          {
            id: 'keep-old',
            title: `Keep the old ${r.databaseName} as ${names.aside}, restored from its final snapshot`,
          },
        ]
      : r
        ? [{ id: 'delete-old', title: `Delete the final snapshot of the old ${r.databaseName}` }]
        : []),
  ];
}
