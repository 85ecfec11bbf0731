import { setTimeout as sleep } from 'node:timers/promises';
import { WithStartWorkflowOperation, type Client } from '@temporalio/client';
import type { CallTurns } from '../lightsail/call-pacer';
import { pacerDelay, pacerQueueDepth } from '../observability/worker-metrics';
import {
  CALL_BUDGET_TASK_QUEUE,
  CALL_BUDGET_WORKFLOW,
  callBudgetWorkflowId,
  MAX_SLOTS_PER_REQUEST,
  RESERVE_CALL_SLOTS_UPDATE,
  type CallBudgetState,
  type CallSlots,
  type CallSlotsRequest,
} from '../schemas/call-budget';

/** A request the budget did not answer (Temporal unreachable, the budget moving on) is asked again after this, growing. */
const ASK_AGAIN_FIRST_MS = 100;
const ASK_AGAIN_MAX_MS = 5_000;

/**
 * Every worker's pacer for a region, as one: a call waits for a slot of the region's budget
 * workflow (workflows/budget), which gives slots 1/perSecond apart whichever worker asks. So the
 * rate holds across any number of worker processes, and a busy worker may use what an idle one
 * does not: it is one budget, not a share per process.
 *
 * Calls wait here in a queue; while one request is in flight the queue grows, and the next
 * request asks for all of it, so a busy worker pays one update for many calls.
 */
export class SharedCallBudget {
  private readonly regions = new Map<string, RegionBudget>();

  constructor(
    private readonly client: Client,
    private readonly perSecond: number,
  ) {}

  forRegion(region: string): CallTurns {
    let budget = this.regions.get(region);
    if (!budget) {
      budget = new RegionBudget(this.client, this.perSecond, region);
      this.regions.set(region, budget);
    }
    return budget;
  }

  /**
   * For a worker that has stopped: the calls still waiting for a slot fail, and no budget is
   * asked again. Without it, a read in flight when the connection closed would ask for ever, and
   * its timers would keep the stopped worker's process from exiting.
   */
  close(): void {
    for (const budget of this.regions.values()) budget.close();
  }
}

/** The failure of a call that waited for a slot when its worker stopped. */
const STOPPED = 'The worker stopped while this Lightsail call waited for its turn under the call budget';

class RegionBudget implements CallTurns {
  private readonly waiting: { release: () => void; reject: (err: Error) => void; sinceMs: number }[] = [];
  private asking = false;
  private warned = false;
  private closed = false;

  constructor(
    private readonly client: Client,
    private readonly perSecond: number,
    private readonly region: string,
  ) {
    pacerQueueDepth.inc({ region }, 0);
  }

  close(): void {
    this.closed = true;
    for (const caller of this.waiting.splice(0)) {
      pacerQueueDepth.dec({ region: this.region });
      caller.reject(new Error(STOPPED));
    }
  }

  turn(): Promise<void> {
    if (this.closed) return Promise.reject(new Error(STOPPED));
    return new Promise((release, reject) => {
      this.waiting.push({ release, reject, sinceMs: performance.now() });
      pacerQueueDepth.inc({ region: this.region });
      void this.askForWaiting();
    });
  }

  /** One request at a time per region: for every call waiting when it leaves. */
  private async askForWaiting(): Promise<void> {
    if (this.asking || this.waiting.length === 0) return;
    this.asking = true;
    const callers = this.waiting.splice(0, MAX_SLOTS_PER_REQUEST);
    try {
      const slots = await this.reserve({ count: callers.length, perSecond: this.perSecond });
      const firstAt = performance.now() + slots.delayMs;
      callers.forEach((caller, i) => {
        const at = firstAt + i * slots.spacingMs;
        setTimeout(() => this.admit(caller), Math.max(0, at - performance.now()));
      });
    } catch (err) {
      // Only once the worker has stopped: until then a request is asked again.
      for (const caller of callers) {
        pacerQueueDepth.dec({ region: this.region });
        caller.reject(err as Error);
      }
      return;
    } finally {
      this.asking = false;
    }
    void this.askForWaiting();
  }

  private admit(caller: { release: () => void; sinceMs: number }): void {
    const labels = { region: this.region };
    pacerQueueDepth.dec(labels);
    pacerDelay.observe(labels, (performance.now() - caller.sinceMs) / 1000);
    caller.release();
  }

  /**
   * Asks the region's budget, starting it if it is not running. A request it could not answer
   * is asked again, until the worker stops: a call never goes out unpaced.
   */
  private async reserve(request: CallSlotsRequest): Promise<CallSlots> {
    for (let pauseMs = ASK_AGAIN_FIRST_MS; ; pauseMs = Math.min(ASK_AGAIN_MAX_MS, pauseMs * 2)) {
      if (this.closed) throw new Error(STOPPED);
      try {
        const slots = await this.client.workflow.executeUpdateWithStart<
          (state: CallBudgetState) => Promise<void>,
          CallSlots,
          [CallSlotsRequest]
        >(RESERVE_CALL_SLOTS_UPDATE, {
          args: [request],
          startWorkflowOperation: new WithStartWorkflowOperation(CALL_BUDGET_WORKFLOW, {
            workflowId: callBudgetWorkflowId(this.region),
            taskQueue: CALL_BUDGET_TASK_QUEUE,
            args: [{ region: this.region, nextFreeAtMs: 0 }],
            workflowIdConflictPolicy: 'USE_EXISTING',
          }),
        });
        if (this.warned) console.error(`Lightsail call budget for ${this.region}: answering again`);
        this.warned = false;
        return slots;
      } catch (err) {
        if (!this.warned) {
          console.error(
            `Warning: the Lightsail call budget for ${this.region} did not answer (${(err as Error).message}); ` +
              `calls there wait until it does. Is a worker running and Temporal reachable?`,
          );
          this.warned = true;
        }
        if (this.closed) throw new Error(STOPPED, { cause: err });
        await sleep(pauseMs);
      }
    }
  }
}
