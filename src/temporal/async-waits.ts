import { AsyncLocalStorage } from 'node:async_hooks';
import type { Info } from '@temporalio/activity';
import { CompleteAsyncError } from '@temporalio/activity';
import { ActivityNotFoundError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { currentSpanContext, withSpanContextOnly } from '../observability/watcher-tracing';
import { asyncWaitsHeld } from '../observability/worker-metrics';

/** What completes an activity from outside it: the client's `activity` (AsyncCompletionClient). */
export interface ActivityCompleter {
  complete(taskToken: Uint8Array, result: unknown): Promise<void>;
  fail(taskToken: Uint8Array, err: unknown): Promise<void>;
}

/**
 * How long the wait an activity attempt hands over has gone on: since its first attempt was
 * scheduled (a renewed lease is a retry of the same activity), so a watcher goes on at that
 * point of the wait's poll schedule rather than at its first, eagerest interval.
 */
export function waitedSoFarMs(info: Info): number {
  return Math.max(0, Date.now() - info.scheduledTimestampMs);
}

/** A lease ends this long before the attempt's start-to-close timeout: a completion in flight lands. */
const LEASE_MARGIN_MS = 1_000;
/** A completion Temporal did not take (a server restart) is sent again after this, growing to the maximum. */
const RESEND_FIRST_MS = 500;
const RESEND_MAX_MS = 10_000;

/** Hand-backs sent at once when the worker stops: enough to finish thousands in seconds. */
const HAND_BACK_AT_ONCE = 50;
/** The failure type of a wait handed back by a stopping worker: retried at once, elsewhere. */
export const WAIT_HANDED_BACK = 'WaitHandedBack';

interface Held {
  controller: AbortController;
  expiry: NodeJS.Timeout;
  taskToken: Uint8Array;
}

/**
 * Waits that hold no activity slot and keep no run in the worker's cache. The activity hands its
 * wait here and returns at once (CompleteAsyncError): its slot is free, and its run, with
 * nothing to do, ages out of the workflow cache. When the wait ends, this completes the activity
 * through Temporal by its task token, which reaches whichever worker then has the run.
 *
 * The hand-over is a lease, not a promise for ever: a wait is held only until its attempt's
 * start-to-close timeout. If this worker dies, Temporal times the attempt out and retries it,
 * and the retry hands the same wait to whichever worker takes it: nothing waits forever on a
 * dead process. A long wait renews its lease that way at each timeout; retries are not written
 * to the history, so it costs the same events however long it lasts. A worker that stops in
 * good order (a deploy, a scale-down) does not make its waits sit out their leases: it hands
 * them back (handBack), and their retries start at once on the workers that remain.
 */
export class AsyncWaits {
  /** By activity (workflow, run, activity id): a renewed lease replaces the one before. */
  private readonly held = new Map<string, Held>();

  /** False once the worker has stopped: its clients are gone, so a failed read proves nothing. */
  private live: () => boolean = () => true;

  /**
   * Runs a function in the async context this was made in (the worker's start), not in the
   * activity's. Node keeps, with every timer and promise reaction, the async context it was made
   * in, and an activity's holds its whole Context (its info, logger, metric meter and
   * cancellation): a wait's lease timer and the watcher's promises made inside the activity kept
   * each waiting activity's Context alive for as long as the wait lasted.
   */
  private readonly outsideActivities = AsyncLocalStorage.snapshot();

  constructor(private readonly completer: ActivityCompleter) {}

  /**
   * Ties the waits to a worker's life: once `live` says no, no wait is settled any more, and the
   * leases run out so that retries hand the waits to a worker that runs.
   */
  settleWhile(live: () => boolean): void {
    this.live = live;
  }

  /** Waits held now (a gauge's source and the tests'). */
  get size(): number {
    return this.held.size;
  }

  /**
   * Starts `wait` for the activity `info` describes and returns the error the activity must
   * throw. `wait` is given a signal that aborts when the lease ends; its result completes the
   * activity, its failure fails it (an ApplicationFailure keeps its type and retryability).
   */
  hand(info: Info, wait: (signal: AbortSignal) => Promise<unknown>): CompleteAsyncError {
    const key = `${info.workflowExecution?.workflowId}/${info.workflowExecution?.runId}/${info.activityId}`;
    const leaseMs = Math.max(LEASE_MARGIN_MS, info.startToCloseTimeoutMs - LEASE_MARGIN_MS);
    // The watcher links its rounds to the activity's span: its ids go along, nothing else.
    const spanContext = currentSpanContext();
    this.outsideActivities(() =>
      this.hold(key, info.taskToken, leaseMs, (signal) =>
        withSpanContextOnly(spanContext, () => wait(signal)),
      ),
    );
    return new CompleteAsyncError();
  }

  private hold(
    key: string,
    taskToken: Uint8Array,
    leaseMs: number,
    wait: (signal: AbortSignal) => Promise<unknown>,
  ): void {
    this.release(key);
    const controller = new AbortController();
    const deadline = Date.now() + leaseMs;
    const expiry = setTimeout(() => this.release(key), leaseMs);
    const held: Held = { controller, expiry, taskToken };
    this.held.set(key, held);
    asyncWaitsHeld.set(this.held.size);
    // Only this lease's own entry: a renewal may have replaced it under the same key.
    const drop = () => {
      if (this.held.get(key) === held) this.release(key);
    };
    const settle = (send: () => Promise<void>) => this.send(send, deadline, controller.signal).finally(drop);
    void wait(controller.signal).then(
      (result) => (this.live() ? settle(() => this.completer.complete(taskToken, result)) : drop()),
      (err: unknown) =>
        controller.signal.aborted || !this.live()
          ? drop()
          : settle(() => this.completer.fail(taskToken, err)),
    );
  }

  /**
   * Ends every wait held here and fails each activity with a retryable WaitHandedBack, so that
   * Temporal retries it at once on a worker that runs instead of after its lease. For a worker
   * that stops in good order, after its Worker has stopped and before its connection closes.
   * What Temporal does not take within `withinMs`, or once it has refused one, is left to its
   * lease, as a crash's is. Resolves with how many were handed back.
   */
  async handBack(withinMs = 20_000): Promise<number> {
    const deadline = Date.now() + withinMs;
    const tokens = [...this.held].map(([key, { taskToken }]) => {
      this.release(key);
      return taskToken;
    });
    const failure = ApplicationFailure.retryable(
      'The worker holding this wait stopped; another worker goes on with it',
      WAIT_HANDED_BACK,
    );
    let handed = 0;
    let unanswered = false;
    const next = async (): Promise<void> => {
      for (let token = tokens.pop(); token; token = tokens.pop()) {
        if (unanswered || Date.now() >= deadline) return;
        try {
          await this.completer.fail(token, failure);
          handed += 1;
        } catch (err) {
          // An activity Temporal no longer knows needs nothing. Any other refusal (the server
          // gone, as when a terminal's Ctrl-C stops the dev server too) leaves the rest to their
          // leases rather than holding the worker's exit for each.
          if (!(err instanceof ActivityNotFoundError)) unanswered = true;
        }
      }
    };
    await Promise.all(Array.from({ length: HAND_BACK_AT_ONCE }, next));
    return handed;
  }

  private release(key: string): void {
    const held = this.held.get(key);
    if (!held) return;
    this.held.delete(key);
    clearTimeout(held.expiry);
    held.controller.abort();
    asyncWaitsHeld.set(this.held.size);
  }

  /**
   * Sends a completion until Temporal takes it or the lease ends. An activity Temporal no longer
   * knows (cancelled, timed out and retried elsewhere, its run ended) needs nothing more.
   */
  private async send(send: () => Promise<void>, deadline: number, signal: AbortSignal): Promise<void> {
    for (let pauseMs = RESEND_FIRST_MS; ; pauseMs = Math.min(RESEND_MAX_MS, pauseMs * 2)) {
      try {
        return await send();
      } catch (err) {
        if (err instanceof ActivityNotFoundError) return;
        if (signal.aborted || Date.now() + pauseMs >= deadline) return;
        await new Promise((resolve) => setTimeout(resolve, pauseMs));
      }
    }
  }
}
