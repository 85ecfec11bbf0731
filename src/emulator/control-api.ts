import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import type { Emulator } from './emulator';
import { LightsailError } from './errors';
import { FaultRules } from './faults';
import { REGIONS } from './catalog';
import { addAutoSnapshot } from './resources/auto-snapshots';
import { reach, resolve, Unreachable } from './resources/instance-serving/reach';
import { readBody } from './protocol';
import { fillPortPool } from './serving/port-pool';
import { issuesText } from './zod-issues';

/**
 * The emulator's own HTTP API under /_emulator/, for tests, benchmarks and demos. It is not
 * Lightsail: no signature, no faults, no audit entries.
 *
 *   GET|DELETE      /_emulator/audit[?action=&region=]
 *   GET|PUT|DELETE  /_emulator/faults        {"rules": [FaultRule]}
 *   GET|PUT         /_emulator/clock         {"timeScale": 120}
 *   POST            /_emulator/reset         {"seed": true}
 *   GET             /_emulator/state
 *   POST            /_emulator/auto-snapshots {"region", "resourceName", "date", "status"}
 *   GET|PUT         /_emulator/rate-limit    {"perSecond": 20, "burst": 20} (per region; null turns it off)
 *   PUT             /_emulator/instance-behaviour {"region", "instanceName", "httpStatus"?, "failPaths"?, "delayMs"?}
 *                   steers how an instance answers (now, or once it exists), over its user data's
 *                   EMULATOR_* lines; each field given replaces that setting
 *   DELETE          /_emulator/instance-behaviour {"region", "instanceName"} clears that steering
 *   GET             /_emulator/reach?region=&address=&port=  -> {"host": "127.0.0.1", "port", "region", "instanceName" | "databaseName"}:
 *                   the loopback listener of the running instance holding that public or static IP,
 *                   or of the available database whose endpoint that is
 *                   (any region when region is absent); 404 with the reason when nothing answers there
 *   GET             /_emulator/resolve?name=www.example.com  -> {"name", "domain", "cnames", "a", "aaaa"}:
 *                   the addresses the account's Lightsail domain entries give the name
 */
export const CONTROL_PREFIX = '/_emulator/';

const ClockBody = z.strictObject({ timeScale: z.number().positive().max(1_000_000) });
const RateLimitBody = z.strictObject({
  perSecond: z.number().positive().max(100_000).nullable(),
  /** The bucket's size: calls a region may make at once after a quiet spell; perSecond if absent. */
  burst: z.number().min(1).max(100_000).optional(),
});
const ResetBody = z.strictObject({ seed: z.boolean().default(false) });
const AutoSnapshotBody = z.strictObject({
  region: z.string(),
  resourceName: z.string(),
  date: z.string(),
  status: z.enum(['Success', 'Failed', 'InProgress', 'NotFound']).default('Success'),
});

const InstanceRef = { region: z.enum(REGIONS), instanceName: z.string().min(1) };
const InstanceBehaviourBody = z.strictObject({
  ...InstanceRef,
  httpStatus: z.number().int().min(100).max(599).optional(),
  failPaths: z.array(z.string().startsWith('/')).optional(),
  delayMs: z.number().min(0).max(600_000).optional(),
});
const ReachQuery = z.strictObject({
  region: z.enum(REGIONS).optional(),
  address: z.string().min(1),
  port: z.coerce.number().int().min(1).max(65535),
});
const ResolveQuery = z.strictObject({ name: z.string().min(1) });

class BadRequest extends Error {}

export async function handleControl(
  emulator: Emulator,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://emulator');
  const route = `${req.method ?? 'GET'} ${url.pathname.slice(CONTROL_PREFIX.length)}`;
  try {
    const body = async <S extends z.ZodType>(schema: S): Promise<z.output<S>> => {
      const text = await readBody(req);
      let json: unknown;
      try {
        json = text.trim() === '' ? {} : JSON.parse(text);
      } catch {
        throw new BadRequest('The body is not valid JSON.');
      }
      const parsed = schema.safeParse(json);
      if (!parsed.success) throw new BadRequest(issuesText(parsed.error));
      return parsed.data;
    };
    const query = <S extends z.ZodType>(schema: S): z.output<S> => {
      const parsed = schema.safeParse(Object.fromEntries(url.searchParams));
      if (!parsed.success) throw new BadRequest(issuesText(parsed.error));
      return parsed.data;
    };
    switch (route) {
      case 'GET audit':
        return send(res, 200, {
          calls: emulator.audit.list({
            action: url.searchParams.get('action') ?? undefined,
            region: url.searchParams.get('region') ?? undefined,
          }),
        });
      case 'DELETE audit':
        emulator.clearAudit();
        return send(res, 200, {});
      case 'GET faults':
        return send(res, 200, { rules: emulator.faults.list() });
      case 'PUT faults':
        emulator.faults.set((await body(FaultRules)).rules);
        return send(res, 200, { rules: emulator.faults.list() });
      case 'DELETE faults':
        emulator.faults.clear();
        return send(res, 200, { rules: [] });
      case 'GET clock':
        return send(res, 200, { timeScale: emulator.clock.timeScale, now: new Date().toISOString() });
      case 'PUT clock':
        emulator.setTimeScale((await body(ClockBody)).timeScale);
        return send(res, 200, { timeScale: emulator.clock.timeScale });
      case 'GET rate-limit':
        return send(res, 200, emulator.rateLimit.get() ?? { perSecond: null });
      case 'PUT rate-limit': {
        const { perSecond, burst } = await body(RateLimitBody);
        emulator.rateLimit.set(perSecond ?? undefined, burst);
        return send(res, 200, emulator.rateLimit.get() ?? { perSecond: null });
      }
      case 'POST reset': {
        const { seed } = await body(ResetBody);
        // The seed takes loopback ports from the pool; refilled again before answering, so a
        // caller creating services or distributions right after the reset finds ports free.
        await fillPortPool();
        emulator.reset(seed);
        // The seed's listeners (its services, distribution and instances) are up before the
        // answer, so the caller's first calls do not wait for them.
        await Promise.all([fillPortPool(), emulator.syncServed()]);
        return send(res, 200, {});
      }
      case 'GET state':
        return send(res, 200, { regions: emulator.state });
      case 'POST auto-snapshots': {
        const snapshot = addAutoSnapshot(emulator.state, emulator.clock, await body(AutoSnapshotBody));
        emulator.changed();
        return send(res, 200, { autoSnapshot: snapshot });
      }
      case 'PUT instance-behaviour': {
        const { region, instanceName, ...steering } = await body(InstanceBehaviourBody);
        const overrides = emulator.state[region]!.instanceBehaviourOverrides;
        overrides[instanceName] = { ...overrides[instanceName], ...steering };
        emulator.changed();
        return send(res, 200, { region, instanceName, behaviour: overrides[instanceName] });
      }
      case 'DELETE instance-behaviour': {
        const { region, instanceName } = await body(z.strictObject(InstanceRef));
        delete emulator.state[region]!.instanceBehaviourOverrides[instanceName];
        emulator.changed();
        return send(res, 200, {});
      }
      case 'GET reach': {
        const wanted = query(ReachQuery);
        // An instance that has just started running gets its listeners now, not on the next timer.
        await emulator.syncServed();
        // A database's endpoint (its made-up DNS name) answers on loopback too.
        const database = emulator.databases.reach(wanted);
        if (database) return send(res, 200, database);
        const listenerPort = emulator.instances.listenerPort.bind(emulator.instances);
        return send(res, 200, reach(emulator.state, emulator.clock.now(), listenerPort, wanted));
      }
      case 'GET resolve':
        return send(res, 200, resolve(emulator.state, query(ResolveQuery).name));
      default:
        return send(res, 404, { message: `No control route ${route}. See src/emulator/control-api.ts.` });
    }
  } catch (err) {
    if (err instanceof Unreachable) return send(res, 404, { message: err.message });
    if (err instanceof BadRequest || err instanceof LightsailError)
      return send(res, 400, { message: err.message });
    return send(res, 500, { message: (err as Error).message });
  }
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const payload = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) });
  res.end(payload);
}
