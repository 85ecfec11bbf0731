import { strict as assert } from 'node:assert';
import type { Tag } from '@aws-sdk/client-lightsail';
import type { WorkflowHandle } from '@temporalio/client';
import type { ApplicationFailure } from '@temporalio/common';
import type { EmulatorControl } from '../../src/emulator/control-client';
import { RUN_TAG_KEY } from '../../src/lightsail/ownership';
import { expectFailure } from './failures';

type Run<R> = WorkflowHandle & { result(): Promise<R> };

/**
 * Two runs started together on the same names: exactly one must complete. Answers the winner's
 * result, the loser's handle and its failure.
 */
export async function oneOfTwoWins<R>(
  a: Run<R>,
  b: Run<R>,
): Promise<{ winner: R; loser: Run<R>; failure: ApplicationFailure }> {
  const ends = await Promise.allSettled([a.result(), b.result()]);
  const won = ends.filter((e): e is PromiseFulfilledResult<Awaited<R>> => e.status === 'fulfilled');
  assert.equal(won.length, 1, JSON.stringify(ends.map((e) => e.status)));
  const loser = ends[0].status === 'rejected' ? a : b;
  return { winner: won[0]!.value, loser, failure: await expectFailure(loser.result()) };
}

/** The actions of every call the emulator answered that tagged something as `runId`'s. */
export async function callsTaggedBy(control: EmulatorControl, runId: string): Promise<string[]> {
  return (await control.audit())
    .filter((c) =>
      ((c.params as { tags?: Tag[] }).tags ?? []).some((t) => t.key === RUN_TAG_KEY && t.value === runId),
    )
    .map((c) => c.action);
}
