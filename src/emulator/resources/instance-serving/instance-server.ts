import type { Clock } from '../../clock';
import {
  LoopbackSites,
  textResponse,
  type SiteRequest,
  type SiteResponse,
} from '../../serving/loopback-sites';
import type { EmulatorState, StoredInstance } from '../../state';
import { effectiveBehaviour, isServing, servedPortsOf, statusFor } from './behaviour';

/** Names the instance that answered, so a caller can tell an old instance from its replacement. */
export const INSTANCE_HEADER = 'x-lightsail-instance';

/** One served port: `<region>/<instance>/<port>`. Instance names cannot hold a slash. */
function siteKey(region: string, name: string, port: number): string {
  return `${region}/${name}/${port}`;
}

function parseKey(key: string): { region: string; name: string; port: number } {
  const [region, name, port] = key.split('/') as [string, string, string];
  return { region, name, port: Number(port) };
}

/**
 * Serves every running instance on one loopback listener per open TCP port of its firewall,
 * answering as its software would (behaviour.ts): plain text naming the instance, the region and
 * the port, and the header x-lightsail-instance. A stopped, deleted or not yet running instance
 * has no listener, and a closed port none either, so a TCP connect fails as it would on AWS.
 * Instances start and stop on the clock, not on a call: a timer syncs the listeners when the
 * next one is due to start running.
 */
export class InstanceServer {
  private readonly sites: LoopbackSites;
  private timer?: NodeJS.Timeout;
  /** The instances whose listeners got new ports since the last sync: [region, 'instances', name]. */
  private moved: string[][] = [];
  private closed = false;

  constructor(
    private readonly state: () => EmulatorState,
    private readonly clock: Clock,
    log?: (line: string) => void,
    /** Told which instances' records changed (new listener ports) outside any call, to persist them. */
    private readonly written?: (paths: string[][]) => void,
  ) {
    this.sites = new LoopbackSites(
      {
        kind: 'instance',
        wanted: () => this.wanted(),
        answer: (key, request) => this.answer(key, request),
        relocate: (key, port) => {
          const { region, name, port: instancePort } = parseKey(key);
          const instance = this.state()[region]?.instances[name];
          if (!instance) return;
          instance.servedPorts = { ...instance.servedPorts, [instancePort]: port };
          this.moved.push([region, 'instances', name]);
        },
      },
      log,
    );
  }

  async sync(): Promise<void> {
    if (this.closed) return;
    await this.sites.sync();
    if (this.moved.length > 0) {
      const paths = this.moved;
      this.moved = [];
      this.written?.(paths);
    }
    this.scheduleNextStart();
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.timer);
    await this.sites.close();
  }

  /** The loopback port serving an instance's port now, if it is served. */
  listenerPort(instance: StoredInstance, port: number): number | undefined {
    if (!isServing(instance, this.clock.now()) || !servedPortsOf(instance).includes(port)) return undefined;
    return instance.servedPorts?.[port];
  }

  private wanted() {
    const now = this.clock.now();
    return Object.entries(this.state()).flatMap(([region, store]) =>
      Object.values(store.instances)
        .filter((i) => isServing(i, now))
        .flatMap((i) =>
          servedPortsOf(i).map((port) => ({
            key: siteKey(region, i.name, port),
            // 0 until it first listens: the listener picks a free port and records it (relocate).
            port: i.servedPorts?.[port] ?? 0,
          })),
        ),
    );
  }

  /** Wakes up when the next instance is due to run, so its listeners open without a call. */
  private scheduleNextStart(): void {
    clearTimeout(this.timer);
    const now = this.clock.now();
    let next = Infinity;
    for (const store of Object.values(this.state())) {
      for (const i of Object.values(store.instances)) {
        if (i.readyAtMs > now) next = Math.min(next, i.readyAtMs);
        else if (i.power?.target === 'running' && i.power.settlesAtMs > now) {
          next = Math.min(next, i.power.settlesAtMs);
        }
      }
    }
    if (next === Infinity) return;
    this.timer = setTimeout(() => void this.sync(), Math.max(0, next - now) + 1);
    this.timer.unref();
  }

  private async answer(key: string, request: SiteRequest): Promise<SiteResponse | undefined> {
    const { region, name, port } = parseKey(key);
    const store = this.state()[region];
    const instance = store?.instances[name];
    // Stopped or closed since the listener opened (the next sync closes it): nothing answers.
    if (!store || !instance || this.listenerPort(instance, port) === undefined) return undefined;
    const behaviour = effectiveBehaviour(store, instance);
    if (behaviour.delayMs) await new Promise((r) => setTimeout(r, behaviour.delayMs));
    const path = request.url.split('?')[0] ?? '/';
    const status = statusFor(behaviour, path);
    const answer = textResponse(status, `instance ${name} in ${region}, port ${port}`);
    return { ...answer, headers: { ...answer.headers, [INSTANCE_HEADER]: name } };
  }
}
