import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { AuditSnapshot } from './audit';
import { Journal, type JournalRecord } from './journal';
import { applyChanges } from './state-changes';
import { emptyRegionStore, emptyState, type EmulatorState } from './state';

/** Version 2 adds the audit and the journal's generation; version 1 (the regions alone) is still read. */
const FORMAT_VERSION = 2;
const READABLE_VERSIONS = [1, 2];
/** Below this, a journal is not worth compacting whatever the snapshot's size. */
const MIN_COMPACT_BYTES = 1024 * 1024;

/** Everything the emulator keeps across a restart. */
export interface Persisted {
  state: EmulatorState;
  audit: AuditSnapshot;
}

interface SnapshotFile {
  version?: number;
  /** Which journal follows it (journal.ts); absent in version 1, which had none. */
  generation?: number;
  regions?: EmulatorState;
  audit?: AuditSnapshot;
}

/**
 * Keeps the emulator's state and audit across restarts, however the process ends: a snapshot
 * (the state file, written whole and atomically: a temporary file renamed over the old one) and
 * a journal next to it (`<state file>.journal`) of every change since, appended before the call
 * that made it is answered. The journal is compacted into a new snapshot at start, on close and
 * whenever it has grown as large as the snapshot, so each call's share of the cost stays small.
 */
export class StateFile {
  private readonly journal: Journal;
  private generation = 0;
  private snapshotBytes = 0;

  constructor(
    readonly path: string,
    /** Where a failed compaction after a call is reported (the journal still has every change). */
    private readonly log: (line: string) => void = (line) => console.error(line),
    private readonly minCompactBytes = MIN_COMPACT_BYTES,
  ) {
    this.journal = new Journal(`${path}.journal`);
  }

  exists(): boolean {
    return existsSync(this.path);
  }

  /** The snapshot with the journal written after it replayed onto it. */
  load(): Persisted {
    const text = readFileSync(this.path, 'utf8');
    let raw: SnapshotFile;
    try {
      raw = JSON.parse(text) as SnapshotFile;
    } catch (err) {
      throw new Error(`${this.path} is not JSON (${(err as Error).message}); move it away to start afresh.`, {
        cause: err,
      });
    }
    if (!READABLE_VERSIONS.includes(raw.version ?? 0) || !raw.regions) {
      throw new Error(
        `${this.path} is not an emulator state file of version ${READABLE_VERSIONS.join(' or ')}; move it away to start afresh.`,
      );
    }
    const state = emptyState();
    for (const [region, store] of Object.entries(raw.regions))
      state[region] = { ...emptyRegionStore(), ...store };
    const audit = raw.audit ?? { seq: 0, entries: [] };
    this.generation = raw.generation ?? 0;
    for (const record of this.journal.read(this.generation)) {
      if ('changes' in record) applyChanges(state, record.changes);
      else {
        audit.entries.push(record.audit);
        audit.seq = Math.max(audit.seq, record.audit.seq);
      }
    }
    return { state, audit };
  }

  /** Writes everything as a new snapshot and starts an empty journal after it. */
  compact(current: Persisted): void {
    mkdirSync(dirname(this.path), { recursive: true });
    const generation = this.generation + 1;
    const text = JSON.stringify({
      version: FORMAT_VERSION,
      generation,
      regions: current.state,
      audit: current.audit,
    } satisfies SnapshotFile);
    const tmp = `${this.path}.${process.pid}.tmp`;
    writeFileSync(tmp, text);
    // From here the old journal is stale: its generation no longer follows the snapshot.
    renameSync(tmp, this.path);
    this.generation = generation;
    this.snapshotBytes = text.length;
    this.journal.start(generation);
  }

  /** Writes a change or an audit entry through to the file; the call may be answered after. */
  append(record: JournalRecord): void {
    this.journal.append(record);
  }

  /**
   * Compacts once the journal is as large as the snapshot: each call then bears a constant share
   * of the snapshot's cost, and a restart replays no more than the snapshot's size.
   */
  compactIfDue(current: () => Persisted): void {
    if (this.journal.bytes <= Math.max(this.minCompactBytes, this.snapshotBytes)) return;
    try {
      this.compact(current());
    } catch (err) {
      this.log(`Emulator: could not compact ${this.path}: ${(err as Error).message}`);
    }
  }

  close(current: Persisted): void {
    this.compact(current);
    this.journal.close();
  }
}
