import { invalidInput } from '../../errors';
import type { ActionRegistry } from '../../registry';
import { DATABASE_BLUEPRINTS, DATABASE_BUNDLES, RETIRED_DATABASE_BUNDLES } from './catalogue';
import { registerDatabaseActions } from './database-actions';
import { registerDatabasePower } from './power-actions';
import { registerDatabaseSettingsAndData } from './settings-and-data';
import { registerDatabaseSnapshots } from './snapshots';

/** The relational database family. */
export function registerDatabases(registry: ActionRegistry): void {
  registerDatabaseActions(registry);
  registerDatabasePower(registry);
  registerDatabaseSnapshots(registry);
  registerDatabaseSettingsAndData(registry);
  registry.register('GetRelationalDatabaseBlueprints', () => ({ blueprints: [...DATABASE_BLUEPRINTS] }), {
    mutating: false,
  });
  registry.register(
    'GetRelationalDatabaseBundles',
    (_ctx, params) => {
      const includeInactive = params.includeInactive;
      if (includeInactive !== undefined && typeof includeInactive !== 'boolean') {
        throw invalidInput('The includeInactive parameter must be a boolean.');
      }
      // Every plan is encrypted at rest; the retired ones are listed only when asked for.
      return {
        bundles: [
          ...DATABASE_BUNDLES.map((b) => ({ ...b, isActive: true, isEncrypted: true })),
          ...(includeInactive === true
            ? RETIRED_DATABASE_BUNDLES.map((b) => ({ ...b, isActive: false, isEncrypted: true }))
            : []),
        ],
      };
    },
    { mutating: false },
  );
}
