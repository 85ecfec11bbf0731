import { redactParams } from './redaction';

/** One Lightsail call as the emulator saw it. */
export interface AuditEntry {
  seq: number;
  time: string;
  region: string;
  action: string;
  params: Record<string, unknown>;
  status: number;
  /** The Lightsail error name the call was answered with, if any. */
  error?: string;
  /** A mutating call answered with an error after it took effect (an afterEffect fault: a lost response). */
  tookEffect?: boolean;
  durationMs: number;
}

/** The audit as the state file keeps it. */
export interface AuditSnapshot {
  /** The last sequence number given, so numbering goes on after a restart or a clear. */
  seq: number;
  entries: AuditEntry[];
}

const MAX_ENTRIES = 100_000;

/**
 * The audit log of every call, so tests and benchmarks can count what a run asked of
 * Lightsail (one CopySnapshot, not two). Secrets are redacted as a call is recorded
 * (redaction.ts), so they reach neither the control API nor the state file.
 */
export class AuditLog {
  private entries: AuditEntry[] = [];
  private seq = 0;

  /** Records a call; returns the entry as kept (numbered, redacted), for the state file. */
  record(entry: Omit<AuditEntry, 'seq' | 'params'> & { params: unknown }): AuditEntry {
    const kept = {
      ...entry,
      seq: ++this.seq,
      params: redactParams(entry.action, entry.params) as Record<string, unknown>,
    };
    this.keep(kept);
    return kept;
  }

  list(filter: { action?: string; region?: string } = {}): AuditEntry[] {
    return this.entries.filter(
      (e) => (!filter.action || e.action === filter.action) && (!filter.region || e.region === filter.region),
    );
  }

  clear(): void {
    this.entries = [];
  }

  snapshot(): AuditSnapshot {
    return { seq: this.seq, entries: this.entries };
  }

  restore(snapshot: AuditSnapshot): void {
    this.entries = [];
    this.seq = snapshot.seq;
    for (const entry of snapshot.entries) this.keep(entry);
  }

  private keep(entry: AuditEntry): void {
    this.entries.push(entry);
    if (this.entries.length > MAX_ENTRIES) this.entries.splice(0, this.entries.length - MAX_ENTRIES);
  }
}
