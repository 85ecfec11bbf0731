import type { AuditEntry } from './audit';
import type { FaultRule, FaultRuleInput } from './faults';
import type { EmulatorState, StoredAutoSnapshot } from './state';

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

  private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await fetch(`${this.url}/_emulator/${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = (await res.json()) as T & { message?: string };
    if (!res.ok) throw new Error(`Emulator control ${method} ${path}: ${res.status} ${json.message ?? ''}`);
    return json;
  }
}
