import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { emptyRegionStore, emptyState, type EmulatorState } from './state';

const FORMAT_VERSION = 1;

/**
 * Keeps the emulator's state in a JSON file: read at start, written atomically (a temporary
 * file renamed over the old one) shortly after each change and on close, so a restart finds
 * every resource and operation, still moving on the clock.
 */
export class StateFile {
  private timer: NodeJS.Timeout | undefined;

  constructor(
    readonly path: string,
    /** Where a failed background save is reported (it must not crash the server). */
    private readonly log: (line: string) => void = (line) => console.error(line),
    private readonly debounceMs = 200,
  ) {}

  exists(): boolean {
    return existsSync(this.path);
  }

  load(): EmulatorState {
    const raw = JSON.parse(readFileSync(this.path, 'utf8')) as { version?: number; regions?: EmulatorState };
    if (raw.version !== FORMAT_VERSION || !raw.regions) {
      throw new Error(
        `${this.path} is not an emulator state file of version ${FORMAT_VERSION}; move it away to start afresh.`,
      );
    }
    const state = emptyState();
    for (const [region, store] of Object.entries(raw.regions))
      state[region] = { ...emptyRegionStore(), ...store };
    return state;
  }

  /**
   * Saves shortly after a burst of changes. Takes a getter, not the state: a reset replaces the
   * state object, and the save must write the current one.
   */
  scheduleSave(current: () => EmulatorState): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      try {
        this.save(current());
      } catch (err) {
        this.log(`Emulator: could not save ${this.path}: ${(err as Error).message}`);
      }
    }, this.debounceMs);
    // A pending save must not keep the process alive; close() flushes anyway.
    this.timer.unref();
  }

  flush(state: EmulatorState): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.save(state);
  }

  private save(state: EmulatorState): void {
    mkdirSync(dirname(this.path), { recursive: true });
    const tmp = `${this.path}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify({ version: FORMAT_VERSION, regions: state }));
    renameSync(tmp, this.path);
  }
}
