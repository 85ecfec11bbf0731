import type { RegionStore, StoredInstance } from '../../state';
import { instanceStateName } from '../../views';
import { portsOf } from '../network/instance-view';

/**
 * How an emulated instance's software answers. Nothing runs on the emulator's instances, so the
 * launch script says how they would answer, in lines the emulator reads from the user data
 * (a contract with users' tests, documented in docs/emulator.md):
 *
 * | line                          | effect                                        |
 * |-------------------------------|-----------------------------------------------|
 * | EMULATOR_HTTP_STATUS=503      | every path answers this status (default 200)  |
 * | EMULATOR_FAIL_PATHS=/a,/b     | these paths answer 500                        |
 * | EMULATOR_RESPONSE_DELAY_MS=N  | every answer takes N real milliseconds        |
 *
 * Only these settings are kept: the user data itself is a secret and is never stored.
 */
export interface InstanceBehaviour {
  httpStatus?: number;
  failPaths?: string[];
  delayMs?: number;
}

const LINE = /^\s*(?:export\s+|set\s+)?(EMULATOR_[A-Z_]+)\s*=\s*(.*?)\s*$/;

/** A value as a shell line would give it: surrounding quotes removed. */
function unquote(value: string): string {
  const quoted = /^(['"])(.*)\1$/.exec(value);
  return quoted ? quoted[2]! : value;
}

/** The behaviour a launch script's EMULATOR_* lines set; undefined when it sets none. */
export function behaviourFromUserData(userData: string | undefined): InstanceBehaviour | undefined {
  if (!userData) return undefined;
  const behaviour: InstanceBehaviour = {};
  for (const line of userData.split(/\r?\n/)) {
    const match = LINE.exec(line);
    if (!match) continue;
    const value = unquote(match[2]!);
    switch (match[1]) {
      case 'EMULATOR_HTTP_STATUS': {
        const status = Number(value);
        if (Number.isInteger(status) && status >= 100 && status <= 599) behaviour.httpStatus = status;
        break;
      }
      case 'EMULATOR_FAIL_PATHS':
        behaviour.failPaths = value
          .split(',')
          .map((p) => p.trim())
          .filter((p) => p !== '');
        break;
      case 'EMULATOR_RESPONSE_DELAY_MS': {
        const delay = Number(value);
        if (Number.isFinite(delay) && delay >= 0) behaviour.delayMs = delay;
        break;
      }
    }
  }
  return Object.keys(behaviour).length > 0 ? behaviour : undefined;
}

/** Later settings win, field by field: a snapshot's software, then the instance's own script. */
export function mergeBehaviour(...layers: (InstanceBehaviour | undefined)[]): InstanceBehaviour | undefined {
  const merged: InstanceBehaviour = {};
  for (const layer of layers) {
    if (layer?.httpStatus !== undefined) merged.httpStatus = layer.httpStatus;
    if (layer?.failPaths !== undefined) merged.failPaths = layer.failPaths;
    if (layer?.delayMs !== undefined) merged.delayMs = layer.delayMs;
  }
  return Object.keys(merged).length > 0 ? merged : undefined;
}

/** What steers an instance now: its own behaviour, under a test's override (control API). */
export function effectiveBehaviour(store: RegionStore, instance: StoredInstance): InstanceBehaviour {
  return mergeBehaviour(instance.behaviour, store.instanceBehaviourOverrides[instance.name]) ?? {};
}

/** The TCP ports an instance's firewall opens, each served by a listener while it runs. */
export function servedPortsOf(instance: StoredInstance): number[] {
  const ports = new Set<number>();
  for (const p of portsOf(instance)) {
    if (p.protocol !== 'tcp' && p.protocol !== 'all') continue;
    const inRange = (port: number) => port >= p.fromPort && port <= p.toPort;
    if (p.toPort - p.fromPort < MAX_PORTS_A_RANGE) {
      for (let port = Math.max(p.fromPort, 1); port <= p.toPort; port++) ports.add(port);
    } else {
      // A wide range (or "all") is not served port by port, only on its well-known ports.
      WELL_KNOWN_PORTS.filter(inRange).forEach((port) => ports.add(port));
    }
  }
  return [...ports].sort((a, b) => a - b);
}

/** How many ports of one open range get a listener each: enough for real ranges, not 65536 sockets. */
export const MAX_PORTS_A_RANGE = 16;
/** The ports a wider range is served on. */
export const WELL_KNOWN_PORTS = [22, 80, 443, 3000, 3306, 5432, 8000, 8080, 8443];

/** Whether the instance runs now, so its software answers. */
export function isServing(instance: StoredInstance, now: number): boolean {
  return instanceStateName(instance, now) === 'running';
}

/** The status the instance's software answers for a path, before any delay. */
export function statusFor(behaviour: InstanceBehaviour, path: string): number {
  if (behaviour.failPaths?.includes(path)) return 500;
  return behaviour.httpStatus ?? 200;
}
