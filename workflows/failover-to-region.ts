import { ApplicationFailure, isCancellation } from '@temporalio/workflow';
import { failoverSteps, selectStep } from '../src/plan/steps/dr';
import {
  FAILOVER_FAILED,
  FAILOVER_REJECTED,
  FAILOVER_WORKFLOW,
  FailoverInput,
  type FailoverInstanceOutcome,
  type FailoverParsedInput,
  type FailoverResult,
} from '../src/schemas/failover';
import { settleBounded } from './dr/bounded';
import { selectInstances } from './dr/select';
import { restoreFromSeries, type DrRestored } from './dr/restore-from-series';
import { cutOver } from './instances/cut-over';
import { lockNameOrFail, releaseAtRunEnd, type NameLock } from './locks/name-locks';
import { activityProxies } from './support/activity-proxies';
import { ApprovalGate } from './support/approval-gate';
import { Compensations } from './support/compensations';
import { runFailure } from './support/failures';
import { Progress, rootMessage } from './support/progress';
import { runScopedName } from './support/run-names';
import { validateInput } from './support/validate-input';

type Proxies = ReturnType<typeof activityProxies>;

/**
 * Fails instances over to the DR region: for each, restores the newest snapshot of its DR series
 * there, carries its settings over and verifies it; then (after an `approve` gate if asked)
 * allocates and attaches a static IP there and points the DNS entries of the old address (and a
 * distribution's origin) at it. Nothing in the primary region is changed: it may be down.
 *
 * Instances run concurrently within this one run (at most maxConcurrency at once), each with its
 * own saga, rather than as child workflows: the approval gate is one update on this run, answered
 * by the same approve/reject commands as a migration; one progress shows every instance; and the
 * input caps a run at 50 instances (about 60 events each), well inside a history's limits.
 * One instance failing deletes what it made and leaves the others going.
 *
 * Failback is the same procedure pointed the other way (docs/procedures.md).
 */
export async function failoverToRegion(rawInput: FailoverInput): Promise<FailoverResult> {
  const input = validateInput(FAILOVER_WORKFLOW, FailoverInput, rawInput);
  const progress = new Progress(FAILOVER_WORKFLOW);
  const gate = new ApprovalGate({
    onApprove: 'the cut-over (static IPs and DNS) begins',
    onReject: 'the restored instances are deleted; DNS is unchanged',
    notWaiting: (g) =>
      `${g}: the failover is not waiting for approval now; it asks once the restored instances pass verification when started with cutOver.mode "approve".`,
  });
  const proxies = activityProxies(input.poll);
  const locks: NameLock[] = [];
  // Each instance's own saga: a failure undoes only that instance's work.
  const sagas = new Map<string, Compensations>();
  const outcomes = new Map<string, FailoverInstanceOutcome>();
  const newNameOf = (n: string) => input.newInstanceNames[n] ?? runScopedName(n, 'dr');

  for (const step of selectStep(input)) progress.plan(step.id, step.title);
  progress.fact('DR region', input.drRegion);

  const fail = async (instanceName: string, err: unknown) => {
    if (isCancellation(err)) throw err;
    const saga = sagas.get(instanceName);
    sagas.delete(instanceName);
    if (saga) await saga.run(progress);
    const o = outcomes.get(instanceName) ?? { instanceName, outcome: 'failed', dnsEntries: [] };
    outcomes.set(instanceName, {
      ...o,
      outcome: 'failed',
      problem: err instanceof Error ? rootMessage(err) : String(err),
    });
  };

  try {
    const names = await selectInstances(proxies, progress, input);
    for (const step of failoverSteps({ ...input, instanceNames: names, instanceTag: undefined }, newNameOf))
      progress.plan(step.id, step.title);
    progress.fact('instances', names.join(', ') || 'none');

    const restored = await settleBounded(names, input.maxConcurrency, async (instanceName) => {
      const saga = new Compensations();
      sagas.set(instanceName, saga);
      try {
        return await restoreOne(proxies, progress, saga, locks, input, instanceName, newNameOf(instanceName));
      } catch (err) {
        await fail(instanceName, err);
        return undefined;
      }
    });
    throwIfCancelled(restored);
    const ready: DrRestored[] = restored.flatMap((r) =>
      r.status === 'fulfilled' && r.value ? [r.value] : [],
    );
    for (const r of ready) {
      outcomes.set(r.instanceName, {
        instanceName: r.instanceName,
        outcome: 'failed-over',
        series: r.source.snapshot.series,
        snapshotName: r.source.snapshot.snapshotName,
        snapshotCreatedAt: r.source.snapshot.createdAt,
        profileFrom: r.source.profile ? 'primary' : 'snapshot',
        newInstance: { region: r.to.region, name: r.to.name, arn: r.arn, address: r.address },
        dnsEntries: [],
      });
    }

    if (input.cutOver.mode === 'approve' && ready.length > 0) {
      await progress.run('approval', async () => {
        progress.fact('approval', 'waiting');
        const answer = await gate.await(input.cutOver.approvalTimeoutMinutes);
        progress.fact('approval', answer);
        if (answer === 'rejected') {
          const r = gate.rejectedBecause!;
          throw ApplicationFailure.nonRetryable(
            `Rejected${r.by ? ` by ${r.by}` : ''}: ${r.reason}. The restored instances are deleted; DNS is unchanged.`,
            FAILOVER_REJECTED,
          );
        }
        if (answer !== 'approved') {
          throw ApplicationFailure.nonRetryable(
            `No approval within ${input.cutOver.approvalTimeoutMinutes} minutes: the restored instances are deleted; DNS is unchanged.`,
            'ApprovalTimedOut',
          );
        }
      });
    }

    const cutOvers = await settleBounded(ready, input.maxConcurrency, async (r) => {
      try {
        await cutOverOne(proxies, progress, sagas.get(r.instanceName)!, input, r, outcomes);
      } catch (err) {
        await fail(r.instanceName, err);
      }
    });
    throwIfCancelled(cutOvers);

    const result: FailoverResult = {
      primaryRegion: input.primaryRegion,
      drRegion: input.drRegion,
      instances: names.map((n) => outcomes.get(n)!),
      steps: progress.timings(),
    };
    const done = result.instances.filter((i) => i.outcome === 'failed-over').length;
    progress.fact('failed over', `${done} of ${names.length}`);
    if (done === 0 && names.length > 0) {
      progress.setStatus('failed');
      throw ApplicationFailure.create({
        type: FAILOVER_FAILED,
        nonRetryable: true,
        message: `No instance failed over: ${result.instances.map((i) => `${i.instanceName}: ${i.problem}`).join('; ')}`,
        details: [result],
      });
    }
    progress.setStatus('succeeded');
    return result;
  } catch (err) {
    if (!(err instanceof ApplicationFailure && err.type === FAILOVER_FAILED)) {
      progress.setStatus('compensating');
      for (const saga of [...sagas.values()].reverse()) await saga.run(progress);
      progress.setStatus('failed');
    }
    throw runFailure(err);
  } finally {
    await releaseAtRunEnd(locks);
  }
}

/**
 * One instance up to verified: held under a lock on its primary name (a second failover or a
 * migration of it fails at once, naming this run), and on its new name when the user chose it.
 */
async function restoreOne(
  proxies: Proxies,
  progress: Progress,
  saga: Compensations,
  locks: NameLock[],
  input: FailoverParsedInput,
  instanceName: string,
  newName: string,
): Promise<DrRestored> {
  locks.push(
    await lockNameOrFail(
      proxies,
      { region: input.primaryRegion, kind: 'Instance', name: instanceName },
      'instanceNames',
    ),
  );
  if (input.newInstanceNames[instanceName]) {
    locks.push(
      await lockNameOrFail(
        proxies,
        { region: input.drRegion, kind: 'Instance', name: newName },
        'newInstanceNames',
      ),
    );
  }
  const c = input.carryOver;
  return restoreFromSeries(proxies, progress, saga, {
    primaryRegion: input.primaryRegion,
    drRegion: input.drRegion,
    instanceName,
    newName,
    nameField: 'newInstanceNames',
    settings: {
      firewall: c.firewall,
      tags: c.tags,
      autoSnapshot: c.autoSnapshot,
      metadataOptions: c.metadataOptions,
    },
    verification: input.verification,
    tags: input.tags,
  });
}

/** One instance's cut-over: migrateInstance's, with a static IP always made in the DR region. */
async function cutOverOne(
  proxies: Proxies,
  progress: Progress,
  saga: Compensations,
  input: FailoverParsedInput,
  r: DrRestored,
  outcomes: Map<string, FailoverInstanceOutcome>,
): Promise<void> {
  const c = input.carryOver;
  if (!c.staticIp && !c.dns && !input.distributionName) return;
  const outcome = outcomes.get(r.instanceName)!;
  await progress.run(`cut-over@${r.instanceName}`, async () => {
    if (c.dns && !r.source.profile) {
      progress.fact(
        `${r.instanceName} DNS`,
        `unchanged: the old address is unknown while ${input.primaryRegion} does not answer`,
      );
    }
    // Static IPs take no tags: a name carrying the run is the proof that the run made it.
    const moved = await cutOver(proxies, progress, saga, {
      old: r.profile,
      to: r.to,
      carry: { staticIp: c.staticIp, dns: c.dns, loadBalancers: false },
      newStaticIpName: runScopedName(r.instanceName, 'dr-ip'),
      allocateStaticIp: true,
    });
    if (moved.staticIp) {
      const { name, address, region } = moved.staticIp;
      outcome.staticIp = { name, address, region };
      outcome.newInstance = { ...outcome.newInstance!, address };
    }
    outcome.dnsEntries = moved.dnsEntries;
    if (input.distributionName) {
      await pointDistribution(proxies, progress, saga, input.distributionName, r);
      outcome.distribution = input.distributionName;
    }
  });
}

/** Points the distribution's origin at the restored instance, to be put back should the run fail. */
async function pointDistribution(
  { calls, longWaits }: Proxies,
  progress: Progress,
  saga: Compensations,
  distributionName: string,
  r: DrRestored,
): Promise<void> {
  const before = await calls.describeDistribution({ distributionName });
  saga.add({
    description: `point distribution ${distributionName} at ${before.origin.name} again`,
    region: 'us-east-1',
    type: 'Distribution',
    name: distributionName,
    undoneAs: 'restored',
    undo: async () => {
      await calls.switchOrigin({
        distributionName,
        serviceName: before.origin.name,
        region: before.origin.regionName,
      });
    },
  });
  await calls.switchOrigin({ distributionName, serviceName: r.to.name, region: r.to.region });
  await longWaits.awaitDistributionDeployed({ distributionName });
  progress.touched({
    region: 'us-east-1',
    type: 'Distribution',
    name: distributionName,
    action: 'moved',
    note: `origin ${before.origin.name} → ${r.to.name} in ${r.to.region}`,
  });
}

/** A cancelled run stays cancelled, after its compensations. */
function throwIfCancelled(outcomes: PromiseSettledResult<unknown>[]): void {
  const cancelled = outcomes.find((o) => o.status === 'rejected' && isCancellation(o.reason));
  if (cancelled) throw (cancelled as PromiseRejectedResult).reason;
}
