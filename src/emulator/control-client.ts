import type { AuditEntry } from './audit';
import type { FaultRule, FaultRuleInput } from './faults';
import type { InstanceBehaviour } from './resources/instance-serving/behaviour';
import type { Reached, Resolved } from './resources/instance-serving/reach';
import type { EmulatorState, StoredAutoSnapshot } from './state';

export type { InstanceBehaviour, Reached, Resolved };

/** The control API refused a call; `status` 404 from reach means nothing answers there. */
export class EmulatorControlError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = 'EmulatorControlError';
  }
}

/** A typed client of the emulator's control API, for tests, benchmarks and scripts. */
export class EmulatorControl {
  constructor(private readonly url: string) {}

  async audit(filter: { action?: string; region?: string } = {}): Promise<AuditEntry[]> {
    const query = new URLSearchParams(Object.entries(filter).filter((e): e is [string, string] => !!e[1]));
    return (await this.call<{ calls: AuditEntry[] }>('GET', `audit?${query.toString()}`)).calls;
  }

  async clearAudit(): Promise<void> {
    await this.call('DELETE', 'audit');
  }

  async setFaults(rules: FaultRuleInput[]): Promise<FaultRule[]> {
    return (await this.call<{ rules: FaultRule[] }>('PUT', 'faults', { rules })).rules;
  }

  async clearFaults(): Promise<void> {
    await this.call('DELETE', 'faults');
  }

  /** Changes the time scale; work in flight speeds up or slows down with it. */
  async setTimeScale(timeScale: number): Promise<void> {
    await this.call('PUT', 'clock', { timeScale });
  }

  /** Throttles each region beyond `perSecond` calls a second (null: no limit). */
  async setRateLimit(perSecond: number | null, burst?: number): Promise<void> {
    await this.call('PUT', 'rate-limit', { perSecond, ...(burst !== undefined ? { burst } : {}) });
  }

  async clock(): Promise<{ timeScale: number; now: string }> {
    return this.call('GET', 'clock');
  }

  async reset(options: { seed?: boolean } = {}): Promise<void> {
    await this.call('POST', 'reset', options);
  }

  /** Every region's store as stored: times are epoch milliseconds, states not yet derived. */
  async state(): Promise<EmulatorState> {
    return (await this.call<{ regions: EmulatorState }>('GET', 'state')).regions;
  }

  async addAutoSnapshot(input: {
    region: string;
    resourceName: string;
    date: string;
    status?: StoredAutoSnapshot['status'];
  }): Promise<StoredAutoSnapshot> {
    return (await this.call<{ autoSnapshot: StoredAutoSnapshot }>('POST', 'auto-snapshots', input))
      .autoSnapshot;
  }

  /**
   * Steers how an instance answers (now, or once it exists), over its user data's EMULATOR_*
   * lines; each field given replaces that setting.
   */
  async setInstanceBehaviour(
    input: { region: string; instanceName: string } & InstanceBehaviour,
  ): Promise<InstanceBehaviour> {
    return (await this.call<{ behaviour: InstanceBehaviour }>('PUT', 'instance-behaviour', input)).behaviour;
  }

  /** Clears a test's steering: the instance answers as its user data says again. */
  async clearInstanceBehaviour(input: { region: string; instanceName: string }): Promise<void> {
    await this.call('DELETE', 'instance-behaviour', input);
  }

  /**
   * Where to connect to reach a fake public (or static) IP address on a port: the loopback
   * listener of the running instance holding it. Throws, with the emulator's reason, when nothing
   * answers there (EmulatorControlError, status 404: no such holder, stopped, port closed).
   * `region` narrows the search.
   */
  async reach(input: { address: string; port: number; region?: string }): Promise<Reached> {
    const query = new URLSearchParams({ address: input.address, port: String(input.port) });
    if (input.region) query.set('region', input.region);
    return this.call<Reached>('GET', `reach?${query.toString()}`);
  }

  /** The A and AAAA addresses the account's Lightsail domain entries give a name. */
  async resolve(name: string): Promise<Resolved> {
    return this.call<Resolved>('GET', `resolve?${new URLSearchParams({ name }).toString()}`);
  }

  private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await fetch(`${this.url}/_emulator/${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = (await res.json()) as T & { message?: string };
    if (!res.ok) {
      throw new EmulatorControlError(
        `Emulator control ${method} ${path}: ${res.status} ${json.message ?? ''}`,
        res.status,
      );
    }
    return json;
  }
}
