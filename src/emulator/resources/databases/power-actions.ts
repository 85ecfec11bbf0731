import { invalidInput } from '../../errors';
import type { ActionRegistry } from '../../registry';
import { requireString } from '../../validation';
import { operationOn } from '../common';
import { findDatabase } from './database-actions';
import type { StoredRelationalDatabase } from './types';
import { POWER_AWS_SECONDS, REBOOT_AWS_SECONDS, databaseState } from './views';

const TYPE = 'RelationalDatabase';

/** Stop, start and reboot: each allowed only from the one state Lightsail allows it in. */
export function registerDatabasePower(registry: ActionRegistry): void {
  const transition = (
    action: 'StopRelationalDatabase' | 'StartRelationalDatabase' | 'RebootRelationalDatabase',
    from: string,
    awsSeconds: number,
    change: (db: StoredRelationalDatabase, settlesAtMs: number) => void,
  ) =>
    registry.register(
      action,
      (ctx, params) => {
        const db = findDatabase(ctx, requireString(params, 'relationalDatabaseName'));
        const state = databaseState(db, ctx.clock.now());
        if (state !== from) {
          throw invalidInput(`The relational database ${db.name} is ${state}; ${action} needs it ${from}.`);
        }
        change(db, ctx.clock.after(awsSeconds));
        return operationOn(ctx, db, TYPE, action, awsSeconds);
      },
      { mutating: true },
    );

  transition('StopRelationalDatabase', 'available', POWER_AWS_SECONDS, (db, settlesAtMs) => {
    db.power = { target: 'stopped', settlesAtMs };
  });
  transition('StartRelationalDatabase', 'stopped', POWER_AWS_SECONDS, (db, settlesAtMs) => {
    db.power = { target: 'available', settlesAtMs };
  });
  transition('RebootRelationalDatabase', 'available', REBOOT_AWS_SECONDS, (db, endsAtMs) => {
    db.rebootEndsAtMs = endsAtMs;
  });
}
