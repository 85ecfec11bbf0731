import { Context } from '@temporalio/activity';
import { sleep } from '../src/lightsail/waiting';

/**
 * The URL viewers use for a public domain name: https on AWS. The emulator's listeners are on
 * loopback (localhost:PORT, 127.0.0.1:PORT) and speak plain http.
 */
export function publicUrl(domainName: string): string {
  const host = domainName.replace(/\/+$/, '');
  const loopback = /^(localhost|127\.\d+\.\d+\.\d+|\[::1\])(:\d+)?$/.test(host);
  return `${loopback ? 'http' : 'https'}://${host}/`;
}

export interface CheckOutcome {
  /** Consecutive checks that answered as expected. */
  passed: number;
  /** Why the check that stopped the run of successes failed; absent when all passed. */
  failure?: string;
  /** What answered the last check: a header or the start of the body, for the progress. */
  lastAnswer?: string;
}

export function httpCheckActivities() {
  /** One GET; a failure says what was wrong in a line. `cancelled` aborts it without a verdict. */
  async function checkOnce(
    url: string,
    expectedStatus: number,
    timeoutSeconds: number,
    cancelled?: AbortSignal,
  ): Promise<{ ok: boolean; detail: string }> {
    const timeout = AbortSignal.timeout(timeoutSeconds * 1000);
    try {
      const res = await fetch(url, {
        signal: cancelled ? AbortSignal.any([timeout, cancelled]) : timeout,
        headers: { 'cache-control': 'no-cache' },
        redirect: 'manual',
      });
      const body = (await res.text()).slice(0, 200);
      if (res.status !== expectedStatus) {
        return {
          ok: false,
          detail: `GET ${url} answered ${res.status}, expected ${expectedStatus}: ${body}`,
        };
      }
      return { ok: true, detail: body };
    } catch (err) {
      const reason =
        err instanceof Error && err.name === 'TimeoutError'
          ? `no answer within ${timeoutSeconds} s`
          : String(err);
      return { ok: false, detail: `GET ${url} failed: ${reason}` };
    }
  }

  return {
    /**
     * Verifies an endpoint: `checks` consecutive GETs of `path`, `intervalSeconds` apart, each
     * answering `expectedStatus`. Stops at the first failure and reports it rather than throwing:
     * a failed verification is an outcome the workflow acts on (a rollback), not an error to retry.
     */
    async verifyEndpoint(input: {
      baseUrl: string;
      path: string;
      expectedStatus: number;
      checks: number;
      intervalSeconds: number;
      timeoutSeconds: number;
    }): Promise<CheckOutcome> {
      const url = new URL(input.path, input.baseUrl).toString();
      const signal = Context.current().cancellationSignal;
      let passed = 0;
      let lastAnswer: string | undefined;
      while (passed < input.checks) {
        if (passed > 0 && !(await sleep(input.intervalSeconds * 1000, signal))) break;
        const outcome = await checkOnce(url, input.expectedStatus, input.timeoutSeconds);
        Context.current().heartbeat({ passed });
        if (!outcome.ok) return { passed, failure: outcome.detail, lastAnswer };
        passed++;
        lastAnswer = outcome.detail;
      }
      return { passed, lastAnswer };
    },

    /**
     * Watches an endpoint until `until` (epoch ms): a GET every `intervalSeconds`, returning at
     * the first failure or at the end. One activity for the whole bake, so the history stays the
     * same size however long the bake or short the interval. `until` is absolute so a retried
     * attempt (a worker died) watches only the time left, and counts on from the checks its
     * predecessor heartbeated. Heartbeats every few seconds whatever the interval: a dead worker
     * is noticed by the heartbeat timeout, and a cancellation (a rollback) reaches the activity.
     */
    async watchHealth(input: {
      baseUrl: string;
      path: string;
      expectedStatus: number;
      intervalSeconds: number;
      timeoutSeconds: number;
      until: number;
    }): Promise<CheckOutcome> {
      const url = new URL(input.path, input.baseUrl).toString();
      const ctx = Context.current();
      const earlier = ctx.info.heartbeatDetails as { passed?: number } | undefined;
      let passed = earlier?.passed ?? 0;
      let lastAnswer: string | undefined;
      const ticker = setInterval(() => ctx.heartbeat({ passed }), WATCH_HEARTBEAT_MS);
      try {
        for (;;) {
          const left = input.until - Date.now();
          if (left <= 0) return { passed, lastAnswer };
          // Throws CancelledFailure when cancelled: the workflow asked to stop (a rollback).
          await ctx.sleep(Math.min(input.intervalSeconds * 1000, left));
          if (Date.now() >= input.until) return { passed, lastAnswer };
          const outcome = await checkOnce(
            url,
            input.expectedStatus,
            input.timeoutSeconds,
            ctx.cancellationSignal,
          );
          // A check cut short by the cancellation is no verdict on the service.
          if (ctx.cancellationSignal.aborted) await ctx.cancelled;
          if (!outcome.ok) return { passed, failure: outcome.detail, lastAnswer };
          passed++;
          lastAnswer = outcome.detail;
          ctx.heartbeat({ passed });
        }
      } finally {
        clearInterval(ticker);
      }
    },
  };
}

/**
 * How often watchHealth heartbeats between checks: well inside its heartbeat timeout
 * (WATCH_HEARTBEAT_TIMEOUT_MS in workflows/support/activity-proxies.ts).
 */
const WATCH_HEARTBEAT_MS = 5_000;
