import type { AuditEntry } from '../src/emulator/audit';
import { round } from './stats';

/**
 * What a procedure's waits ask Lightsail: the read actions its waits repeat, and how many waits
 * a run has. Reads of those actions made outside a wait (a check before a step) count too, on
 * both sides alike: the audit does not say which part of a run made a call.
 */
export interface WaitReads {
  actions: readonly string[];
  waitsPerRun: number;
}

/** The operation reads every wait on an operation makes, whoever makes them. */
export const OPERATION_READS = ['GetOperation', 'GetOperations', 'GetOperationsForResource'] as const;

/** A side's Lightsail calls from the emulator's audit: per run, per wait, throttled, by action. */
export function countCalls(audit: Pick<AuditEntry, 'action' | 'error'>[], runs: number, waits: WaitReads) {
  const reads = new Set(waits.actions);
  const byAction: Record<string, number> = {};
  for (const a of audit) byAction[a.action] = (byAction[a.action] ?? 0) + 1;
  return {
    callsPerRun: round(audit.length / runs),
    callsPerWait: round(audit.filter((a) => reads.has(a.action)).length / (runs * waits.waitsPerRun)),
    throttled: audit.filter((a) => a.error === 'ThrottlingException').length,
    callsByAction: Object.fromEntries(Object.entries(byAction).sort((a, b) => b[1] - a[1])),
  };
}
