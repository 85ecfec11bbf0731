import type { LightsailClients } from '../src/lightsail/clients';
import { containerActivities } from './containers';
import { distributionActivities } from './distributions';
import { exportActivities } from './exports';
import { httpCheckActivities } from './http-checks';
import { instanceActivities } from './instances';
import { nameLockActivities } from './name-locks';
import { operationActivities } from './operations';
import { runbookSnapshotActivities } from './runbook-snapshots';
import { snapshotActivities } from './snapshots';
import { tagActivities } from './tags';

/**
 * Every activity the worker registers, built around one set of per-region Lightsail clients.
 * Workflows import this module's type only.
 */
export function createActivities(deps: { clients: LightsailClients }) {
  return {
    ...operationActivities(deps),
    ...snapshotActivities(deps),
    ...runbookSnapshotActivities(deps),
    ...tagActivities(deps),
    ...instanceActivities(deps),
    ...containerActivities(deps),
    ...distributionActivities(deps),
    ...exportActivities(deps),
    ...httpCheckActivities(),
    ...nameLockActivities(),
  };
}

export type Activities = ReturnType<typeof createActivities>;
