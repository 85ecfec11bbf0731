import type { StoredDeployment, StoredHealthCheck } from './types';

/**
 * How an emulated container behaves, steered by environment variables of the deployment's
 * public endpoint container: the emulator runs no images, so the specification says how the
 * container would answer. Documented in docs/emulator.md; the names are a contract with users' tests.
 *
 * | variable                          | effect                                                  |
 * |-----------------------------------|---------------------------------------------------------|
 * | EMULATOR_HEALTH_CHECK=fail        | the health check path answers 503: the deployment FAILS |
 * | EMULATOR_RESPONSE_DELAY_MS=N      | every answer takes N real ms; past the health check's   |
 * |                                   | timeout the deployment FAILS                            |
 * | EMULATOR_FAIL_PATHS=/a,/b         | these paths answer 500                                  |
 * | EMULATOR_UNHEALTHY_AFTER_SECONDS=N| N AWS seconds after the deployment is active, every     |
 * |                                   | path answers 503 (a release that goes bad under load)   |
 */
export const BEHAVIOUR_VARIABLES = [
  'EMULATOR_HEALTH_CHECK',
  'EMULATOR_RESPONSE_DELAY_MS',
  'EMULATOR_FAIL_PATHS',
  'EMULATOR_UNHEALTHY_AFTER_SECONDS',
] as const;

export interface ContainerBehaviour {
  healthCheckFails: boolean;
  responseDelayMs: number;
  failPaths: string[];
  unhealthyAfterAwsSeconds?: number;
}

export function behaviourOf(environment: Record<string, string>): ContainerBehaviour {
  const delay = Number(environment.EMULATOR_RESPONSE_DELAY_MS ?? 0);
  const unhealthy = environment.EMULATOR_UNHEALTHY_AFTER_SECONDS;
  return {
    healthCheckFails: environment.EMULATOR_HEALTH_CHECK?.toLowerCase() === 'fail',
    responseDelayMs: Number.isFinite(delay) && delay > 0 ? delay : 0,
    failPaths: (environment.EMULATOR_FAIL_PATHS ?? '')
      .split(',')
      .map((p) => p.trim())
      .filter((p) => p !== ''),
    unhealthyAfterAwsSeconds:
      unhealthy !== undefined && Number.isFinite(Number(unhealthy)) ? Number(unhealthy) : undefined,
  };
}

/** The status the container answers for a path, before any delay. */
export function statusFor(
  behaviour: ContainerBehaviour,
  path: string,
  options: { healthCheckPath?: string; unhealthy: boolean },
): number {
  if (options.unhealthy) return 503;
  if (behaviour.healthCheckFails && path === options.healthCheckPath) return 503;
  if (behaviour.failPaths.includes(path)) return 500;
  return 200;
}

/** Whether a status is among the health check's success codes ("200-499", "200,202"). */
export function isSuccessCode(successCodes: string, status: number): boolean {
  return successCodes.split(',').some((part) => {
    const [low, high] = part.split('-').map((n) => Number(n.trim()));
    return high === undefined ? status === low : status >= low! && status <= high;
  });
}

/**
 * The health check's verdict on a new deployment, judged when it is made: undefined when healthy,
 * else the reason, worded like the line Lightsail's deployment log gives.
 */
export function healthCheckFailure(deployment: Omit<StoredDeployment, 'outcome'>): string | undefined {
  const endpoint = deployment.publicEndpoint;
  if (!endpoint) return undefined;
  const container = deployment.containers[endpoint.containerName];
  if (!container) return undefined;
  const behaviour = behaviourOf(container.environment);
  const check: StoredHealthCheck = endpoint.healthCheck;
  if (behaviour.responseDelayMs > check.timeoutSeconds * 1000) {
    return `Health check failed for container "${endpoint.containerName}": GET ${check.path} on port ${endpoint.containerPort} gave no response within ${check.timeoutSeconds} s, ${check.unhealthyThreshold} times in a row.`;
  }
  const status = statusFor(behaviour, check.path, { healthCheckPath: check.path, unhealthy: false });
  if (!isSuccessCode(check.successCodes, status)) {
    return `Health check failed for container "${endpoint.containerName}": GET ${check.path} on port ${endpoint.containerPort} answered ${status}, expected ${check.successCodes}, ${check.unhealthyThreshold} times in a row.`;
  }
  return undefined;
}
