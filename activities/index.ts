import type { LightsailClients } from '../src/lightsail/clients';
import type { AsyncWaits } from '../src/temporal/async-waits';
import { addressActivities } from './addresses';
import { containerActivities } from './containers';
import { databaseActivities } from './databases';
import { diskActivities } from './disks';
import { distributionActivities } from './distributions';
import { drActivities } from './dr';
import { exportActivities } from './exports';
import { httpCheckActivities } from './http-checks';
import { instanceActivities } from './instances';
import { instanceMoveActivities } from './instance-moves';
import { loadBalancerActivities } from './load-balancers';
import { nameLockActivities } from './name-locks';
import { operationActivities } from './operations';
import { runbookCallActivities } from './runbook-calls';
import { runbookSnapshotActivities } from './runbook-snapshots';
import { snapshotActivities } from './snapshots';
import { tagActivities } from './tags';
import { tcpCheckActivities } from './tcp-checks';

/**
 * Every activity the worker registers, built around one set of per-region Lightsail clients
 * and the worker's asynchronous completions (waits that hold no slot). Workflows import this
 * module's type only.
 */
export function createActivities(deps: { clients: LightsailClients; asyncWaits?: AsyncWaits }) {
  return {
    ...operationActivities(deps),
    ...snapshotActivities(deps),
    ...runbookSnapshotActivities(deps),
    ...runbookCallActivities(deps),
    ...tagActivities(deps),
    ...instanceActivities(deps),
    ...instanceMoveActivities(deps),
    ...diskActivities(deps),
    ...databaseActivities(deps),
    ...addressActivities(deps),
    ...loadBalancerActivities(deps),
    ...containerActivities(deps),
    ...distributionActivities(deps),
    ...exportActivities(deps),
    ...drActivities(deps),
    ...httpCheckActivities(),
    ...tcpCheckActivities(),
    ...nameLockActivities(),
  };
}

export type Activities = ReturnType<typeof createActivities>;
