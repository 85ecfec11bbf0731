import { closeSync, existsSync, openSync, readFileSync, renameSync, writeFileSync, writeSync } from 'node:fs';
import type { AuditEntry } from './audit';
import type { StateChange } from './state-changes';

/** What a call left behind: the records it changed, or its audit entry. */
export type JournalRecord = { changes: StateChange[] } | { audit: AuditEntry };

/**
 * The changes since the last snapshot, one JSON line each, written to the file (a write(2), not a
 * buffer in this process) before the call is answered, so a killed process loses no answered
 * call. It does not fsync: a crash of the machine itself may lose the last lines.
 *
 * Its first line names the snapshot generation it follows; a journal of an older generation was
 * compacted into the snapshot already (the process stopped between the two writes) and is skipped.
 */
export class Journal {
  private fd: number | undefined;
  /** Bytes appended since start(), to decide when to compact. */
  bytes = 0;

  constructor(readonly path: string) {}

  /** The records written after the snapshot of this generation; none if the journal follows another. */
  read(generation: number): JournalRecord[] {
    if (!existsSync(this.path)) return [];
    const lines = readFileSync(this.path, 'utf8').split('\n');
    const header = parseLine(lines[0]!) as { generation?: number } | undefined;
    if (header?.generation !== generation) return [];
    const records: JournalRecord[] = [];
    for (let i = 1; i < lines.length; i++) {
      if (lines[i] === '') continue;
      const record = parseLine(lines[i]!) as JournalRecord | undefined;
      if (record) records.push(record);
      // A line cut short by the process's end is the last, and its call was never answered.
      else if (i !== lines.length - 1)
        throw new Error(
          `${this.path}: line ${i + 1} is not JSON; move the file away to start from the snapshot.`,
        );
    }
    return records;
  }

  /** Replaces the journal by an empty one following the snapshot of this generation. */
  start(generation: number): void {
    this.close();
    const tmp = `${this.path}.${process.pid}.tmp`;
    writeFileSync(tmp, `${JSON.stringify({ generation })}\n`);
    renameSync(tmp, this.path);
    this.fd = openSync(this.path, 'a');
    this.bytes = 0;
  }

  append(record: JournalRecord): void {
    if (this.fd === undefined) throw new Error(`${this.path} is not open.`);
    const line = Buffer.from(`${JSON.stringify(record)}\n`);
    for (let written = 0; written < line.length;) written += writeSync(this.fd, line, written);
    this.bytes += line.length;
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }
}

function parseLine(line: string): unknown {
  try {
    return JSON.parse(line);
  } catch {
    return undefined;
  }
}
