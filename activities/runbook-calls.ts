import type { Tag } from '@aws-sdk/client-lightsail';
import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import { sendAnyAction } from '../src/lightsail/any-action';
import type { LightsailClients } from '../src/lightsail/clients';
import { operationRefs, type OperationRef } from '../src/lightsail/operations';
import { RUN_TAG_KEY, runTag, taggedRun } from '../src/lightsail/ownership';
import { reachAddress } from '../src/lightsail/reach';
import { stillInProgress } from '../src/lightsail/waiting';
import { evaluate, isTruthy } from '../src/runbooks/expressions';
import { readBackOf, takesTags } from '../src/runbooks/service-model';
import { currentWorkflowId } from './context';

export const RUNBOOK_CONDITION_FAILED = 'RunbookConditionFailed';

/** Lightsail's words for a name that is taken. */
const ALREADY_TAKEN = /already (in use|exists)|is in use/i;

export function runbookCallActivities({ clients }: { clients: LightsailClients }) {
  /**
   * A retried create answered "already in use" may meet what its own earlier attempt made (the
   * answer was lost, the worker died): adopted, as the built-ins' creates do, only when the model
   * says how to read it back and it carries this run's tag (given at creation, so proof). Never
   * on a first attempt: the name was taken before this run asked for it.
   */
  async function ownEarlierCreation(
    region: string,
    action: string,
    params: Record<string, unknown>,
    err: unknown,
  ): Promise<Record<string, unknown> | undefined> {
    const taken =
      err instanceof ApplicationFailure &&
      err.type === 'InvalidInputException' &&
      ALREADY_TAKEN.test(err.message);
    const back = readBackOf(action, params);
    if (!taken || !back || !takesTags(action) || Context.current().info.attempt <= 1) return undefined;
    const { answer } = await sendAnyAction(clients, region, back.action, back.params);
    const made = Object.values(answer)[0] as { tags?: Tag[] } | undefined;
    return taggedRun(made?.tags) === currentWorkflowId() ? { adopted: true, ...answer } : undefined;
  }

  return {
    /**
     * The URL an httpCheck step's GETs go to: an instance's public address as it is on AWS; on
     * the emulator, the loopback port that serves it (src/lightsail/reach.ts), as the built-ins'
     * checks reach instances.
     */
    async runbookReachUrl(input: { region: string; url: string }): Promise<string> {
      const url = new URL(input.url);
      if (!/^(\d+\.){3}\d+$|^\[[0-9a-f:]+\]$/i.test(url.hostname)) return input.url;
      const port = Number(url.port || (url.protocol === 'https:' ? 443 : 80));
      const reached = await reachAddress(clients, input.region, url.hostname.replace(/^\[|\]$/g, ''), port);
      url.hostname = reached.host;
      url.port = String(reached.port);
      return url.toString();
    },

    /**
     * One `call` step of a runbook: any action of the Lightsail model, through the worker's
     * clients (pacing, metrics) and error classification. What a create makes carries the run's
     * tag, as the built-ins' creations do, so ownership holds and undos can prove what is theirs.
     * The operations it answered are returned for the workflow to wait on with the shared watcher.
     */
    async runbookCall(input: {
      region: string;
      action: string;
      params: Record<string, unknown>;
      /** The step, for the Web UI's summary. */
      stepId: string;
    }): Promise<{ answer: Record<string, unknown>; operations: OperationRef[] }> {
      const params = { ...input.params };
      if (takesTags(input.action)) {
        const tags = Array.isArray(params.tags) ? (params.tags as { key?: string }[]) : [];
        params.tags = [...tags.filter((t) => t.key !== RUN_TAG_KEY), runTag(currentWorkflowId())];
      }
      try {
        const { answer, started } = await sendAnyAction(clients, input.region, input.action, params);
        return { answer, operations: operationRefs(started, input.region) };
      } catch (err) {
        const own = await ownEarlierCreation(input.region, input.action, params, err);
        if (own) return { answer: own, operations: [] };
        throw err;
      }
    },

    /**
     * One look at a `waitFor` step's Get* action: the answer when `until` is true of it, else
     * StillInProgress, so the activity's retry policy is the poll schedule and the history does
     * not grow with the wait (see src/lightsail/waiting.ts).
     */
    async runbookCheck(input: {
      region: string;
      action: string;
      params: Record<string, unknown>;
      until: string;
      stepId: string;
    }): Promise<{ answer: Record<string, unknown> }> {
      const { answer } = await sendAnyAction(clients, input.region, input.action, input.params);
      let value: unknown;
      try {
        value = evaluate(input.until, answer);
      } catch (err) {
        throw ApplicationFailure.nonRetryable(
          `waitFor ${input.stepId}: the condition cannot be evaluated on ${input.action}'s answer: ${(err as Error).message}`,
          RUNBOOK_CONDITION_FAILED,
        );
      }
      if (isTruthy(value)) return { answer };
      throw stillInProgress(
        `${input.action} in ${input.region}: "${input.until}" is ${JSON.stringify(value)} so far`,
      );
    },
  };
}
