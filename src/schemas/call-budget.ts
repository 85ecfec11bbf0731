/**
 * One Lightsail call budget per region, shared by every worker of a namespace: a workflow that
 * hands out the region's call slots (workflows/budget), asked through an update by each worker's
 * pacer (src/temporal/shared-call-budget.ts).
 */

/** The budget workflow's type. */
export const CALL_BUDGET_WORKFLOW = 'lightsailFlowsCallBudget';

/**
 * The task queue the budgets run on, the same for every worker of the namespace so that any of
 * them may run any budget, and apart from the runs' queue so that a budget never waits for a
 * workflow task slot that a run waiting for its turn holds.
 */
export const CALL_BUDGET_TASK_QUEUE = 'lightsail-flows-call-budgets';

/** The update that reserves slots. */
export const RESERVE_CALL_SLOTS_UPDATE = 'reserveCallSlots';

/** Slots one request may reserve: a worker asks for the calls waiting in it, up to this. */
export const MAX_SLOTS_PER_REQUEST = 200;

/** The budget's workflow id for a region. */
export function callBudgetWorkflowId(region: string): string {
  return `lightsail-flows-call-budget-${region}`;
}

export interface CallSlotsRequest {
  /** Calls the worker has waiting. */
  count: number;
  /** The worker's LIGHTSAIL_CALLS_PER_SECOND: the spacing of the slots it is given. */
  perSecond: number;
}

/** The first slot `delayMs` after the budget took the request, the others `spacingMs` apart. */
export interface CallSlots {
  delayMs: number;
  spacingMs: number;
}

/** Carried over continue-as-new: when the next free slot is, so no slot is given twice. */
export interface CallBudgetState {
  region: string;
  nextFreeAtMs: number;
}

/** The reason a request is refused, or undefined when it is sound. */
export function callSlotsRequestError(request: CallSlotsRequest): string | undefined {
  if (!Number.isInteger(request.count) || request.count < 1 || request.count > MAX_SLOTS_PER_REQUEST)
    return `count must be a whole number from 1 to ${MAX_SLOTS_PER_REQUEST}`;
  if (!(typeof request.perSecond === 'number' && request.perSecond > 0 && Number.isFinite(request.perSecond)))
    return 'perSecond must be a number above 0';
  return undefined;
}
