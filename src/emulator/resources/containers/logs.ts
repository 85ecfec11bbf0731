import { invalidInput, notFound } from '../../errors';
import type { ActionContext } from '../../registry';
import { optionalString, requireString, type Params } from '../../validation';
import type { StoredContainerService, StoredDeployment } from './types';

/** Enough lines to explain the recent deployments; older ones drop off, as Lightsail's retention does. */
const MAX_LINES = 500;

/**
 * Writes a deployment's lifecycle into the service's log, each line at the time it happens: lines
 * still in the future stay hidden until the clock reaches them.
 */
export function logDeployment(s: StoredContainerService, d: StoredDeployment, startsAtMs: number): void {
  const tag = `[deployment:${d.version}]`;
  const lines: { atMs: number; message: string }[] = [
    { atMs: startsAtMs, message: `${tag} Creating your deployment` },
  ];
  const span = d.settlesAtMs - startsAtMs;
  for (const [name, c] of Object.entries(d.containers)) {
    lines.push({
      atMs: startsAtMs + span * 0.3,
      message: `${tag} Started container ${name} from image ${c.image}`,
    });
  }
  if (d.publicEndpoint) {
    const check = d.publicEndpoint.healthCheck;
    lines.push({
      atMs: startsAtMs + span * 0.5,
      message: `${tag} Checking the health of container ${d.publicEndpoint.containerName}: GET ${check.path} every ${check.intervalSeconds} s`,
    });
  }
  if (d.outcome === 'FAILED') {
    lines.push({ atMs: d.settlesAtMs, message: `${tag} ${d.failureReason ?? 'The deployment failed.'}` });
    lines.push({
      atMs: d.settlesAtMs,
      message: `${tag} Deployment failed: the previous deployment, if any, keeps serving`,
    });
  } else {
    lines.push({
      atMs: d.settlesAtMs,
      message: `${tag} Deployment completed; version ${d.version} is active`,
    });
  }
  const containers = Object.keys(d.containers);
  for (const line of lines) {
    for (const containerName of containers) {
      s.logs.push({ containerName, createdAtMs: line.atMs, message: line.message });
    }
  }
  s.logs.sort((a, b) => a.createdAtMs - b.createdAtMs);
  s.logs.splice(0, Math.max(0, s.logs.length - MAX_LINES));
}

function optionalTime(params: Params, field: string): number | undefined {
  const value = params[field];
  if (value === undefined) return undefined;
  if (typeof value !== 'number') throw invalidInput(`${field} must be a timestamp.`);
  return value * 1000;
}

/**
 * A CloudWatch-style filter pattern, as far as container logs use it: every term must appear,
 * a term starting with "-" must not; "quoted phrases" count as one term.
 */
function matchesFilter(message: string, pattern: string | undefined): boolean {
  if (!pattern) return true;
  const terms = pattern.match(/-?"[^"]*"|\S+/g) ?? [];
  return terms.every((raw) => {
    const negated = raw.startsWith('-');
    const term = (negated ? raw.slice(1) : raw).replace(/^"|"$/g, '');
    return message.includes(term) !== negated;
  });
}

export function getContainerLog(ctx: ActionContext, params: Params, service: StoredContainerService) {
  const containerName = requireString(params, 'containerName');
  const start = optionalTime(params, 'startTime');
  const end = optionalTime(params, 'endTime');
  if (start !== undefined && end !== undefined && start > end) {
    throw invalidInput('startTime must be before endTime.');
  }
  const known = service.deployments.some((d) => d.containers[containerName]);
  if (!known) {
    throw notFound(`No container named ${containerName} ran on the container service ${service.name}.`);
  }
  const filter = optionalString(params, 'filterPattern');
  const now = ctx.clock.now();
  const events = service.logs
    .filter(
      (l) =>
        l.containerName === containerName &&
        l.createdAtMs <= now &&
        (start === undefined || l.createdAtMs >= start) &&
        (end === undefined || l.createdAtMs <= end) &&
        matchesFilter(l.message, filter),
    )
    .map((l) => ({ createdAt: l.createdAtMs / 1000, message: l.message }));
  // Paged by the server (pagination.ts), like every paginated action.
  return { logEvents: events };
}
