import type { StoredContainerService, StoredDeployment } from './types';

/**
 * Container service and deployment states, derived from the stored times on every read (the
 * emulator keeps no timers). As on Lightsail, a deployment that fails leaves the previous active
 * deployment serving and the service RUNNING: only the deployment's own state tells.
 */

export type DeploymentState = 'ACTIVATING' | 'ACTIVE' | 'INACTIVE' | 'FAILED';

/** The deployment serving now: the newest one whose health check passed. */
export function currentDeployment(s: StoredContainerService, now: number): StoredDeployment | undefined {
  for (let i = s.deployments.length - 1; i >= 0; i--) {
    const d = s.deployments[i]!;
    if (now >= d.settlesAtMs && d.outcome === 'ACTIVE') return d;
  }
  return undefined;
}

/** The deployment still being activated, if any. */
export function nextDeployment(s: StoredContainerService, now: number): StoredDeployment | undefined {
  const newest = s.deployments[s.deployments.length - 1];
  return newest && now < newest.settlesAtMs ? newest : undefined;
}

export function deploymentState(
  s: StoredContainerService,
  d: StoredDeployment,
  now: number,
): DeploymentState {
  if (now < d.settlesAtMs) return 'ACTIVATING';
  if (d.outcome === 'FAILED') return 'FAILED';
  return currentDeployment(s, now) === d ? 'ACTIVE' : 'INACTIVE';
}

export type ServiceState =
  'PENDING' | 'READY' | 'RUNNING' | 'UPDATING' | 'DELETING' | 'DISABLED' | 'DEPLOYING';

export function serviceState(s: StoredContainerService, now: number): ServiceState {
  if (now < s.readyAtMs || s.failed) return 'PENDING';
  if (s.updateSettlesAtMs !== undefined && now < s.updateSettlesAtMs) return 'UPDATING';
  if (s.isDisabled) return 'DISABLED';
  if (nextDeployment(s, now)) return 'DEPLOYING';
  return currentDeployment(s, now) ? 'RUNNING' : 'READY';
}

/**
 * The stateDetail Lightsail gives while PENDING, DEPLOYING or UPDATING: which stage the work is
 * in, by the elapsed fraction of it.
 */
export function serviceStateDetail(
  s: StoredContainerService,
  now: number,
): { code: string; message: string } | undefined {
  const state = serviceState(s, now);
  if (state === 'PENDING') {
    if (s.failed) {
      return {
        code: 'UNKNOWN_ERROR',
        message: 'An error was experienced when the container service was being created.',
      };
    }
    return stage(now, s.createdAtMs, s.readyAtMs, [
      ['CREATING_SYSTEM_RESOURCES', 'Creating the system resources of the container service.'],
      ['CREATING_NETWORK_INFRASTRUCTURE', 'Creating the network infrastructure of the container service.'],
      ['PROVISIONING_SERVICE', 'Provisioning the container service.'],
    ]);
  }
  if (state === 'DEPLOYING') {
    const d = nextDeployment(s, now)!;
    return stage(now, Math.max(d.createdAtMs, s.readyAtMs), d.settlesAtMs, [
      ['CREATING_DEPLOYMENT', `Creating deployment version ${d.version}.`],
      ['EVALUATING_HEALTH_CHECK', `Evaluating the health of deployment version ${d.version}.`],
      ['ACTIVATING_DEPLOYMENT', `Activating deployment version ${d.version}.`],
    ]);
  }
  if (state === 'UPDATING') {
    return {
      code: 'PROVISIONING_SERVICE',
      message: 'Updating the capacity, domains or state of the container service.',
    };
  }
  return undefined;
}

function stage(
  now: number,
  start: number,
  end: number,
  stages: [code: string, message: string][],
): { code: string; message: string } {
  const fraction = end > start ? Math.min(Math.max((now - start) / (end - start), 0), 0.999) : 0;
  const [code, message] = stages[Math.floor(fraction * stages.length)]!;
  return { code, message };
}
