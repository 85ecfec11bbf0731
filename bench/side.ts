import type { AuditEntry } from '../src/emulator/audit';
import type { BenchStack } from './stack';

/** The emulator's documented limit, on the scenario's accelerated clock. */
export interface SideLimit {
  /** Lightsail calls a (Lightsail) second per region. */
  rateLimit: number;
  timeScale: number;
}

export interface RunOutcome<T> {
  item: T;
  /** Real milliseconds from just before the run started to its end; absent when it failed. */
  wallMs?: number;
  error?: string;
}

export interface SideRuns<T> {
  outcomes: RunOutcome<T>[];
  /** Every Lightsail call the side made, as the emulator saw it. */
  audit: AuditEntry[];
  /** The first failure's message, so a report that counts fewer runs completed says why. */
  firstError?: string;
}

/**
 * One side of a critical-path scenario: every run at once under the emulator's rate limit, each
 * timed, the side's calls read from the emulator's audit. The limit is set only for the runs, so
 * that arranging before and checking after are neither throttled nor counted.
 */
export async function runSide<T>(
  stack: BenchStack,
  limit: SideLimit,
  items: T[],
  /** Resolves when the run is done, or with the moment it was (a history read afterwards is not timed). */
  run: (item: T, i: number) => Promise<number | void>,
  label: string,
): Promise<SideRuns<T>> {
  const { control } = stack;
  // Both sides run on the emulator's accelerated clock, so the limit is accelerated alike; the
  // bucket holds one Lightsail second of calls, as AWS's buckets hold about a second's worth.
  await control.setRateLimit(limit.rateLimit * limit.timeScale, limit.rateLimit);
  try {
    await control.clearAudit();
    const outcomes = await Promise.all(
      items.map(async (item, i): Promise<RunOutcome<T>> => {
        const started = Date.now();
        try {
          const finished = (await run(item, i)) ?? Date.now();
          return { item, wallMs: finished - started };
        } catch (err) {
          return { item, error: (err as Error).message };
        }
      }),
    );
    const audit = await control.audit();
    const firstError = outcomes.find((r) => r.error)?.error;
    if (firstError) console.error(`${label}: ${firstError}`);
    return { outcomes, audit, ...(firstError ? { firstError } : {}) };
  } finally {
    await control.setRateLimit(null);
  }
}
