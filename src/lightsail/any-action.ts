import * as lightsail from '@aws-sdk/client-lightsail';
import type { Operation } from '@aws-sdk/client-lightsail';
import { ApplicationFailure } from '@temporalio/common';
import { isAction } from '../runbooks/service-model';
import { callLightsail } from './call';
import type { LightsailClients } from './clients';

/**
 * Any action of the Lightsail model by name, as runbooks call them (the `call` activity, the
 * `waitFor` check, `runbook plan`'s reads): through the worker's clients (pacing, metrics) and
 * the error classification of every other call. The answer comes back as plain JSON
 * (timestamps as ISO text), without the SDK's response metadata.
 */
export async function sendAnyAction(
  clients: LightsailClients,
  region: string,
  action: string,
  params: Record<string, unknown>,
): Promise<{ answer: Record<string, unknown>; started: Operation[] }> {
  const out = await callLightsail(
    clients,
    region,
    action,
    async (c) => (await c.send(command(action, params))) as object,
  );
  const answer: Record<string, unknown> = { ...out };
  delete answer.$metadata;
  return {
    answer: JSON.parse(JSON.stringify(answer)) as Record<string, unknown>,
    started: startedOperations(action, out),
  };
}

/** The SDK's command for an action of the model, e.g. GetInstances → GetInstancesCommand. */
function command(action: string, params: Record<string, unknown>) {
  const Command = (lightsail as unknown as Record<string, unknown>)[`${action}Command`];
  if (!isAction(action) || typeof Command !== 'function') {
    throw ApplicationFailure.nonRetryable(
      `${action} is not a Lightsail action this SDK knows`,
      'UnknownAction',
    );
  }
  return new (Command as new (input: unknown) => lightsail.GetOperationCommand)(params);
}

/**
 * The operations an answer holds (as the SDK gave them: dates as Dates), wherever the action puts them: `operations` (most) or
 * `operation` (the distribution and certificate actions). A read (Get*) answers operations only
 * as data: nothing to wait for.
 */
function startedOperations(action: string, answer: object): Operation[] {
  if (action.startsWith('Get')) return [];
  const out = answer as { operations?: Operation[]; operation?: Operation };
  return [...(out.operations ?? []), ...(out.operation ? [out.operation] : [])];
}
