import type { DrDrillReport, DrillInstanceReport, DrTargets } from './dr-report';

/**
 * The drill's report as a markdown table: in the run's details (the Web UI) and from
 * `lightsail-flows status --report`. Pure, so the workflow makes it and the CLI can remake it.
 */
export function drillMarkdown(report: Omit<DrDrillReport, 'markdown'>): string {
  const t = report.targets;
  const mark = { met: '✓ met', missed: '✗ missed', failed: '✗ failed' } as const;
  const num = (v: number | undefined) => (v === undefined ? '—' : short(v));
  const rows = report.instances.map((i: DrillInstanceReport) =>
    [
      i.instanceName,
      `${i.sourceRegion} → ${i.drRegion}`,
      i.snapshotName ?? '—',
      num(i.recoveryPointHours),
      num(i.recoveryTimeMinutes),
      mark[i.outcome],
      i.problems.join('; ') || '',
    ].join(' | '),
  );
  return [
    `**DR drill**: ${report.met ? 'every target met' : 'a target missed'} (${report.startedAt} – ${report.finishedAt})`,
    `Targets: ${targetsText(t)}`,
    '',
    '| instance | regions | snapshot restored | recovery point (h) | recovery time (min) | outcome | problems |',
    '|---|---|---|---|---|---|---|',
    ...rows.map((r) => `| ${r} |`),
  ].join('\n');
}

export function targetsText(t: DrTargets): string {
  const parts = [
    ...(t.maxRecoveryMinutes !== undefined ? [`recovery time ≤ ${t.maxRecoveryMinutes} min`] : []),
    ...(t.maxSnapshotAgeHours !== undefined ? [`recovery point ≤ ${t.maxSnapshotAgeHours} h`] : []),
  ];
  return parts.join(', ') || 'none';
}

/** Judges one instance against the targets: the problems of a missed target, in words. */
export function missedTargets(
  i: Pick<DrillInstanceReport, 'recoveryPointHours' | 'recoveryTimeMinutes'>,
  t: DrTargets,
): string[] {
  const problems: string[] = [];
  if (t.maxRecoveryMinutes !== undefined && (i.recoveryTimeMinutes ?? Infinity) > t.maxRecoveryMinutes) {
    problems.push(
      `recovery time ${i.recoveryTimeMinutes === undefined ? '—' : short(i.recoveryTimeMinutes)} min > ${t.maxRecoveryMinutes} min`,
    );
  }
  if (t.maxSnapshotAgeHours !== undefined && (i.recoveryPointHours ?? Infinity) > t.maxSnapshotAgeHours) {
    problems.push(
      `recovery point ${i.recoveryPointHours === undefined ? '—' : short(i.recoveryPointHours)} h > ${t.maxSnapshotAgeHours} h`,
    );
  }
  return problems;
}

/** Two decimals, or two significant digits below 1: a drill on a fast clock measures fractions. */
function short(v: number): string {
  return v >= 1 || v === 0 ? v.toFixed(2) : Number(v.toPrecision(2)).toString();
}
