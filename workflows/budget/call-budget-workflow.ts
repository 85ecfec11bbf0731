import { condition, continueAsNew, defineUpdate, setHandler, workflowInfo } from '@temporalio/workflow';
import {
  callSlotsRequestError,
  RESERVE_CALL_SLOTS_UPDATE,
  type CallBudgetState,
  type CallSlots,
  type CallSlotsRequest,
} from '../../src/schemas/call-budget';

export const reserveCallSlots = defineUpdate<CallSlots, [CallSlotsRequest]>(RESERVE_CALL_SLOTS_UPDATE);

/** A budget nobody asked for this long ends; the next request starts it again. */
const IDLE_MS = 10 * 60_000;
/**
 * Requests a run answers before it continues as new: the server refuses updates past a total per
 * run (2,000 by default) and may not suggest moving on before that.
 */
const REQUESTS_PER_RUN = 1_000;

/**
 * A region's Lightsail call budget, shared by every worker: each slot it gives is at least
 * 1/perSecond after the one before, whichever worker asked, so the region's calls stay under the
 * rate however many workers make them. A worker asks for as many slots as it has calls waiting
 * (one request in flight per region per worker), so a busy worker's request covers many calls
 * and an idle one asks for none.
 *
 * Times are the workflow's clock (the task's start on the server) and answers are relative to
 * it, so workers' clocks need not agree. The answer reaches the worker a round trip later, which
 * only moves its slots later. Each request costs a few history events: the run continues as new
 * when the server suggests it, carrying when the next slot is free.
 */
export async function lightsailFlowsCallBudget(state: CallBudgetState): Promise<void> {
  let nextFreeAtMs = state.nextFreeAtMs;
  let lastAskedAtMs = Date.now();
  let answered = 0;
  setHandler(
    reserveCallSlots,
    (request) => {
      const now = Date.now();
      const spacingMs = 1000 / request.perSecond;
      const firstAtMs = Math.max(now, nextFreeAtMs);
      nextFreeAtMs = firstAtMs + request.count * spacingMs;
      lastAskedAtMs = now;
      answered += 1;
      return { delayMs: firstAtMs - now, spacingMs };
    },
    {
      validator: (request: CallSlotsRequest) => {
        const error = callSlotsRequestError(request);
        if (error) throw new Error(error);
      },
    },
  );
  for (;;) {
    const moveOn = await condition(
      () => workflowInfo().continueAsNewSuggested || answered >= REQUESTS_PER_RUN,
      IDLE_MS,
    );
    if (moveOn) {
      // The handler is synchronous: nothing is half-answered when the run moves on.
      await continueAsNew<typeof lightsailFlowsCallBudget>({ region: state.region, nextFreeAtMs });
    }
    if (Date.now() - lastAskedAtMs >= IDLE_MS && nextFreeAtMs <= Date.now()) return;
  }
}
