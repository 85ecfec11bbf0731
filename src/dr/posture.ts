import type { Client } from '@temporalio/client';
import { z } from 'zod';
import { LIGHTSAIL_REGIONS } from '../lightsail-facts';
import type { LightsailClients } from '../lightsail/clients';
import { listDrSnapshots, type DrSnapshot } from '../lightsail/dr-snapshots';
import { drillReport } from '../runs/drill-report';
import { LightsailUnreadable } from './lightsail-unreadable';
import { DR_DRILL_WORKFLOW, type DrDrillReport } from '../schemas/dr-report';

/**
 * The DR posture: for every instance with a DR series, the newest copy in each region and its
 * age, the last drill's recovery time and point, and whether they meet the targets. Read by
 * `lightsail-flows dr status` and `GET /dr`; reads Lightsail and Temporal, changes nothing.
 */

/** The targets an entry is judged by; each has a default that suits a nightly runbook and a monthly drill. */
export const PostureTargets = z.strictObject({
  /** The newest copy outside the instance's own region: a nightly runbook plus two hours of slack. */
  maxCopyAgeHours: z.coerce.number().positive('must be more than 0').default(26),
  /** The last drill's recovery time. */
  maxRecoveryMinutes: z.coerce.number().positive('must be more than 0').default(60),
  /** The last drill's recovery point (the age of the copy it restored). */
  maxRecoveryPointHours: z.coerce.number().positive('must be more than 0').default(26),
  /** How old the last drill may be: monthly plus a few days. */
  maxDrillAgeDays: z.coerce.number().positive('must be more than 0').default(35),
});
export type PostureTargets = z.output<typeof PostureTargets>;

export interface PostureCopy {
  region: string;
  series: string;
  snapshotName: string;
  createdAt: string;
  ageHours: number;
}

export interface PostureEntry {
  instanceName: string;
  /** The newest copy in each region, the instance's own included (the runbook keeps a series there too). */
  copies: PostureCopy[];
  lastDrill?: {
    runId: string;
    finishedAt: string;
    drRegion: string;
    recoveryTimeMinutes?: number;
    recoveryPointHours?: number;
    outcome: 'met' | 'missed' | 'failed';
  };
  /** Every target it misses, in words; empty when it meets them all. */
  problems: string[];
  ok: boolean;
}

export interface DrPosture {
  checkedAt: string;
  targets: PostureTargets;
  entries: PostureEntry[];
  ok: boolean;
}

/** How many closed drills are read, newest first, to find each instance's last one. */
const DRILLS_READ = 20;

export async function readPosture(
  deps: { clients: LightsailClients; client: Client },
  targets: PostureTargets,
  regions: readonly string[] = LIGHTSAIL_REGIONS,
): Promise<DrPosture> {
  const now = Date.now();
  const snapshots = (
    await Promise.all(
      regions.map((r) =>
        listDrSnapshots(deps.clients, r).catch((err: unknown) => {
          throw new LightsailUnreadable(r, err);
        }),
      ),
    )
  ).flat();
  const byInstance = new Map<string, DrSnapshot[]>();
  for (const s of snapshots)
    byInstance.set(s.fromInstanceName, [...(byInstance.get(s.fromInstanceName) ?? []), s]);
  const drills = await lastDrills(deps.client);

  const entries = [...byInstance.keys()].sort().map((instanceName): PostureEntry => {
    const copies = newestPerRegion(byInstance.get(instanceName)!, now);
    const drill = drills.find((d) => d.report.instances.some((i) => i.instanceName === instanceName));
    const measured = drill?.report.instances.find((i) => i.instanceName === instanceName);
    const lastDrill =
      drill && measured
        ? {
            runId: drill.runId,
            finishedAt: drill.report.finishedAt,
            drRegion: measured.drRegion,
            ...(measured.recoveryTimeMinutes !== undefined
              ? { recoveryTimeMinutes: measured.recoveryTimeMinutes }
              : {}),
            ...(measured.recoveryPointHours !== undefined
              ? { recoveryPointHours: measured.recoveryPointHours }
              : {}),
            outcome: measured.outcome,
          }
        : undefined;
    const problems = judge(copies, lastDrill, targets, now);
    return { instanceName, copies, ...(lastDrill ? { lastDrill } : {}), problems, ok: problems.length === 0 };
  });
  return { checkedAt: new Date(now).toISOString(), targets, entries, ok: entries.every((e) => e.ok) };
}

function newestPerRegion(snapshots: DrSnapshot[], now: number): PostureCopy[] {
  const newest = new Map<string, DrSnapshot>();
  for (const s of snapshots) {
    const seen = newest.get(s.region);
    if (!seen || Date.parse(s.createdAt) > Date.parse(seen.createdAt)) newest.set(s.region, s);
  }
  return [...newest.values()]
    .sort((a, b) => a.region.localeCompare(b.region))
    .map((s) => ({
      region: s.region,
      series: s.series,
      snapshotName: s.snapshotName,
      createdAt: s.createdAt,
      ageHours: round((now - Date.parse(s.createdAt)) / 3_600_000),
    }));
}

function judge(
  copies: PostureCopy[],
  drill: PostureEntry['lastDrill'],
  t: PostureTargets,
  now: number,
): string[] {
  const problems: string[] = [];
  // A DR copy is one in another region than the drills restore from; without a drill, any copy counts.
  const drCopies = drill ? copies.filter((c) => c.region === drill.drRegion) : copies;
  const freshest = Math.min(...drCopies.map((c) => c.ageHours));
  if (!(freshest <= t.maxCopyAgeHours)) {
    problems.push(
      drCopies.length
        ? `newest DR copy is ${freshest} h old (target ${t.maxCopyAgeHours} h)`
        : `no copy in ${drill?.drRegion ?? 'any region'}`,
    );
  }
  if (!drill) {
    problems.push('never drilled: run dr-drill');
    return problems;
  }
  const ageDays = (now - Date.parse(drill.finishedAt)) / 86_400_000;
  if (ageDays > t.maxDrillAgeDays)
    problems.push(`last drill ${round(ageDays)} days ago (target ${t.maxDrillAgeDays})`);
  if (drill.outcome === 'failed') problems.push('last drill could not restore it');
  if ((drill.recoveryTimeMinutes ?? Infinity) > t.maxRecoveryMinutes && drill.outcome !== 'failed') {
    problems.push(`recovery time ${drill.recoveryTimeMinutes} min (target ${t.maxRecoveryMinutes} min)`);
  }
  if ((drill.recoveryPointHours ?? Infinity) > t.maxRecoveryPointHours && drill.outcome !== 'failed') {
    problems.push(`recovery point ${drill.recoveryPointHours} h (target ${t.maxRecoveryPointHours} h)`);
  }
  return problems;
}

/** The newest closed drills with a report (completed, or failed for a missed target), newest first. */
async function lastDrills(client: Client): Promise<{ runId: string; report: DrDrillReport }[]> {
  const found: { runId: string; report: DrDrillReport }[] = [];
  const query = `WorkflowType = '${DR_DRILL_WORKFLOW}' AND ExecutionStatus != 'Running'`;
  let read = 0;
  for await (const run of client.workflow.list({ query })) {
    if (read++ >= DRILLS_READ) break;
    const report = await drillReport(client, run.workflowId);
    if (report) found.push({ runId: run.workflowId, report });
  }
  return found.sort((a, b) => Date.parse(b.report.finishedAt) - Date.parse(a.report.finishedAt));
}

function round(v: number): number {
  return Math.round(v * 100) / 100;
}

/** The posture as a table for a terminal: one line per instance, flagged ✗ when it misses a target. */
export function renderPosture(p: DrPosture): string {
  if (p.entries.length === 0) {
    return 'No instance has a DR series yet: schedule the nightly DR runbook (examples/nightly-dr.json).';
  }
  const lines = [
    `DR posture at ${p.checkedAt} (targets: copy ≤ ${p.targets.maxCopyAgeHours} h, recovery time ≤ ${p.targets.maxRecoveryMinutes} min, recovery point ≤ ${p.targets.maxRecoveryPointHours} h, drill within ${p.targets.maxDrillAgeDays} days)`,
  ];
  for (const e of p.entries) {
    lines.push(`${e.ok ? '✓' : '✗'} ${e.instanceName}`);
    for (const c of e.copies) lines.push(`    copy in ${c.region}: ${c.snapshotName}, ${c.ageHours} h old`);
    if (e.lastDrill) {
      const d = e.lastDrill;
      lines.push(
        `    last drill ${d.runId} (${d.finishedAt}): recovery time ${d.recoveryTimeMinutes ?? '—'} min, recovery point ${d.recoveryPointHours ?? '—'} h, ${d.outcome}`,
      );
    }
    for (const problem of e.problems) lines.push(`    ✗ ${problem}`);
  }
  return lines.join('\n');
}
