import type { EmulatorState } from './state';

/**
 * Where a change happened: a region, a store of it (`instances`, `vpcPeered`) and, in a store
 * keyed by name or id, the record. A change deeper in a record counts as a change of the record.
 */
export type StatePath = string[];

/** Records below this depth (region, store, key) are journaled whole. */
const RECORD_DEPTH = 3;

/**
 * Shows a handler the state through proxies that note which records it writes, so that only
 * those records are journaled after the call, not the whole state. Handlers change the state in
 * place anywhere (a tag pushed onto a record's list, a record deleted from a store), so the
 * proxies wrap every object read through them and note a write at any depth.
 *
 * Only for the length of one synchronous handler call: after finish() the proxies read and
 * write through unnoted, and the records they touched are replaced by plain copies
 * (state-changes.ts), so none is left in the state.
 */
export class ChangeTracker {
  readonly state: EmulatorState;
  private active = true;
  private readonly touched = new Map<string, StatePath>();
  // One proxy per object, so that objects reached twice are still === to each other.
  private readonly proxies = new WeakMap<object, object>();

  constructor(state: EmulatorState) {
    this.state = this.wrap(state, []);
  }

  /** Stops noting; returns the records (or stores, or regions) written to, each once. */
  finish(): StatePath[] {
    this.active = false;
    return [...this.touched.values()];
  }

  private wrap<T extends object>(target: T, path: string[]): T {
    const known = this.proxies.get(target);
    if (known) return known as T;
    const note = (key: string | symbol) => {
      if (this.active) this.note(typeof key === 'string' ? [...path, key] : path);
    };
    const proxy = new Proxy(target, {
      get: (t, key) => {
        const value: unknown = Reflect.get(t, key);
        if (!this.active || typeof key !== 'string' || typeof value !== 'object' || value === null)
          return value;
        return this.wrap(value, [...path, key]);
      },
      set: (t, key, value) => {
        note(key);
        return Reflect.set(t, key, value);
      },
      deleteProperty: (t, key) => {
        note(key);
        return Reflect.deleteProperty(t, key);
      },
      defineProperty: (t, key, descriptor) => {
        note(key);
        return Reflect.defineProperty(t, key, descriptor);
      },
    });
    this.proxies.set(target, proxy);
    return proxy;
  }

  private note(path: string[]): void {
    const unit = path.slice(0, RECORD_DEPTH);
    this.touched.set(unit.join('\u0000'), unit);
  }
}
