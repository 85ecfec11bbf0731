import { ApplicationFailure, isCancellation } from '@temporalio/workflow';
import { drillSteps, selectStep } from '../src/plan/steps/dr';
import { DR_DRILL_WORKFLOW, DrDrillInput, DRILL_TARGETS_MISSED } from '../src/schemas/dr-drill';
import type { DrDrillReport, DrillInstanceReport } from '../src/schemas/dr-report';
import { drillMarkdown, missedTargets } from '../src/schemas/dr-report-markdown';
import { settleBounded } from './dr/bounded';
import { selectInstances } from './dr/select';
import { restoreFromSeries, type DrRestored } from './dr/restore-from-series';
import { activityProxies } from './support/activity-proxies';
import { Compensations } from './support/compensations';
import { runFailure } from './support/failures';
import { Progress, rootMessage } from './support/progress';
import { runScopedName } from './support/run-names';
import { validateInput } from './support/validate-input';

const HOUR_MS = 3_600_000;
const MINUTE_MS = 60_000;

/**
 * A DR drill: the failover's restore and verification, under scratch names derived from the run,
 * with no static IP and no DNS change, and nothing in the primary region touched (only read).
 * Measures per instance the recovery time (drill start to verified healthy) and the recovery
 * point (age of the snapshot restored), deletes everything it made, and reports. A drill that
 * misses a target ends failed (DrillTargetsMissed, the report its first detail), so a schedule's
 * alarm or a webhook can act on it.
 */
export async function drDrill(rawInput: DrDrillInput): Promise<DrDrillReport> {
  const input = validateInput(DR_DRILL_WORKFLOW, DrDrillInput, rawInput);
  const progress = new Progress(DR_DRILL_WORKFLOW);
  const proxies = activityProxies(input.poll);
  const startedAtMs = Date.now();
  // Everything the drill makes goes in the end; an instance that fails goes at once.
  const sagas = new Map<string, Compensations>();
  const scratchNameOf = (n: string) => runScopedName(n, 'drill');
  const failures = new Map<string, string>();

  for (const step of selectStep(input)) progress.plan(step.id, step.title);
  progress.fact('DR region', input.drRegion);

  try {
    const names = await selectInstances(proxies, progress, input);
    for (const step of drillSteps({ ...input, instanceNames: names, instanceTag: undefined }, scratchNameOf))
      progress.plan(step.id, step.title);

    const restored = await settleBounded(names, input.maxConcurrency, async (instanceName) => {
      const saga = new Compensations();
      sagas.set(instanceName, saga);
      try {
        return await restoreFromSeries(proxies, progress, saga, {
          primaryRegion: input.primaryRegion,
          drRegion: input.drRegion,
          instanceName,
          newName: scratchNameOf(instanceName),
          nameField: 'instanceNames',
          settings: {
            firewall: input.carryFirewall,
            tags: false,
            autoSnapshot: false,
            metadataOptions: false,
          },
          verification: input.verification,
          tags: input.tags,
        });
      } catch (err) {
        if (isCancellation(err)) throw err;
        failures.set(instanceName, err instanceof Error ? rootMessage(err) : String(err));
        sagas.delete(instanceName);
        await saga.run(progress);
        return undefined;
      }
    });
    const cancelled = restored.find((r) => r.status === 'rejected' && isCancellation(r.reason));
    if (cancelled) throw (cancelled as PromiseRejectedResult).reason;

    await progress.run('clean-up', async () => {
      for (const [name, saga] of sagas) {
        sagas.delete(name);
        await saga.run(progress);
      }
    });

    const report = await progress.run('report', () => {
      const instances = names.map((instanceName, i) => {
        const r = restored[i]?.status === 'fulfilled' ? restored[i].value : undefined;
        return instanceReport(input, instanceName, r, failures.get(instanceName), startedAtMs);
      });
      const body = {
        startedAt: new Date(startedAtMs).toISOString(),
        finishedAt: new Date().toISOString(),
        targets: input.targets,
        instances,
        met: instances.every((i) => i.outcome === 'met'),
      };
      const full: DrDrillReport = { ...body, markdown: drillMarkdown(body) };
      progress.report(full.markdown);
      return Promise.resolve(full);
    });
    if (!report.met) {
      progress.setStatus('failed');
      throw ApplicationFailure.create({
        type: DRILL_TARGETS_MISSED,
        nonRetryable: true,
        message: `The drill missed a target: ${report.instances
          .filter((i) => i.outcome !== 'met')
          .map((i) => `${i.instanceName}: ${i.problems.join('; ')}`)
          .join(' / ')}`,
        details: [report],
      });
    }
    progress.setStatus('succeeded');
    return report;
  } catch (err) {
    if (!(err instanceof ApplicationFailure && err.type === DRILL_TARGETS_MISSED)) {
      progress.setStatus('compensating');
      for (const saga of sagas.values()) await saga.run(progress);
      progress.setStatus('failed');
    }
    throw runFailure(err);
  }
}

function instanceReport(
  input: DrDrillInput & { primaryRegion: string; drRegion: string; targets: DrDrillReport['targets'] },
  instanceName: string,
  r: DrRestored | undefined,
  failure: string | undefined,
  startedAtMs: number,
): DrillInstanceReport {
  const base = {
    instanceName,
    sourceRegion: input.primaryRegion,
    drRegion: input.drRegion,
    series: r?.source.snapshot.series ?? '',
  };
  if (!r) return { ...base, outcome: 'failed', problems: [failure ?? 'not restored'] };
  const snapshot = r.source.snapshot;
  const measured = {
    recoveryPointHours: round((startedAtMs - Date.parse(snapshot.createdAt)) / HOUR_MS),
    recoveryTimeMinutes: round((r.verifiedAtMs - startedAtMs) / MINUTE_MS),
  };
  const problems = missedTargets(measured, input.targets);
  return {
    ...base,
    snapshotName: snapshot.snapshotName,
    snapshotCreatedAt: snapshot.createdAt,
    ...measured,
    outcome: problems.length ? 'missed' : 'met',
    problems,
  };
}

/** Four decimals: a fraction of a second, enough for drills on a fast clock. */
function round(v: number): number {
  return Math.round(v * 10_000) / 10_000;
}
