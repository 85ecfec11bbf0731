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
  /** One GET; a failure says what was wrong in a line. */
  async function checkOnce(
    url: string,
    expectedStatus: number,
    timeoutSeconds: number,
  ): Promise<{ ok: boolean; detail: string }> {
    try {
      const res = await fetch(url, {
        signal: AbortSignal.timeout(timeoutSeconds * 1000),
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
  };
}
