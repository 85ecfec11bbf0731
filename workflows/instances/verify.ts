import type { CheckOutcome } from '../../activities/http-checks';
import type { InstanceVerification } from '../../src/schemas/migrate-instance';
import type { activityProxies } from '../support/activity-proxies';

type Proxies = ReturnType<typeof activityProxies>;

/**
 * Checks an instance where people reach it, its public address: HTTP GETs of a path on a port,
 * or TCP connections to a port, `checks` times in a row. Returns the outcome; the caller decides
 * what a failure means (a move is put back).
 */
export async function verifyInstance(
  proxies: Proxies,
  instance: { region: string; name: string },
  verification: InstanceVerification,
): Promise<CheckOutcome & { address: string }> {
  const reach = await proxies.longWaits.reachInstance({
    region: instance.region,
    instanceName: instance.name,
    port: verification.port,
  });
  const checks = proxies.httpChecks(verification);
  const host = reach.host.includes(':') ? `[${reach.host}]` : reach.host;
  const outcome =
    verification.type === 'http'
      ? await checks.verifyEndpoint({
          baseUrl: `http://${host}:${reach.port}/`,
          path: verification.path,
          expectedStatus: verification.expectedStatus,
          checks: verification.checks,
          intervalSeconds: verification.intervalSeconds,
          timeoutSeconds: verification.timeoutSeconds,
        })
      : await checks.verifyTcpPort({
          host: reach.host,
          port: reach.port,
          address: reach.address,
          checks: verification.checks,
          intervalSeconds: verification.intervalSeconds,
          timeoutSeconds: verification.timeoutSeconds,
        });
  return { ...outcome, address: reach.address };
}
