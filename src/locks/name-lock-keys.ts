import type { BlueGreenDeployParsedInput } from '../schemas/blue-green-deploy';

/**
 * Name locks' ids, shared by the workflows that take the locks (workflows/locks) and by the plan,
 * which only reads them: one place says which workflow id holds which name.
 */

/**
 * The failure type of a name someone else holds: a resource under it, or another run's lock on
 * it. Here, where workflows may import it; activities read it through src/lightsail/ownership.
 */
export const TARGET_NAME_TAKEN = 'TargetNameTaken';

/** What a lock is taken on: one name of one kind of resource in one region. */
export interface NameKey {
  region: string;
  /** The namespace of the name: 'Snapshot', 'ContainerService', 'Distribution', ... */
  kind: string;
  name: string;
}

/** The workflow id of a name's lock: one per region, kind and name, shared by every run. */
export function nameLockId(key: NameKey): string {
  return `lightsail-flows-lock:${key.region}:${key.kind}:${key.name}`;
}

/** Distributions are global resources, managed in us-east-1. */
const DISTRIBUTION_REGION = 'us-east-1';

/**
 * What a release changes: the service (in place), or the distribution and both services
 * (blue-green). Always in this order, distribution first and services sorted, so two releases
 * that share some of them can never each hold what the other waits for.
 */
export function releaseKeys(input: BlueGreenDeployParsedInput): NameKey[] {
  if (input.strategy === 'in-place') {
    return [{ region: input.region, kind: 'ContainerService', name: input.serviceName }];
  }
  return [
    { region: DISTRIBUTION_REGION, kind: 'Distribution', name: input.distributionName },
    ...[...input.services].sort().map((name) => ({ region: input.region, kind: 'ContainerService', name })),
  ];
}
