import { strict as assert } from 'node:assert';
import { AsyncLocalStorage } from 'node:async_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { Info } from '@temporalio/activity';
import { CompleteAsyncError } from '@temporalio/activity';
import { ActivityNotFoundError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import {
  AsyncWaits,
  WAIT_HANDED_BACK,
  waitedSoFarMs,
  type ActivityCompleter,
} from '../../src/temporal/async-waits';

/** A completer that records what it was sent, refusing the first `refusals` sends. */
function recordingCompleter(refusals: (() => Error)[] = []) {
  const sent: { kind: 'complete' | 'fail'; token: string; value: unknown }[] = [];
  const send = (kind: 'complete' | 'fail', token: Uint8Array, value: unknown) => {
    const refusal = refusals.shift();
    if (refusal) return Promise.reject(refusal());
    sent.push({ kind, token: Buffer.from(token).toString(), value });
    return Promise.resolve();
  };
  const completer: ActivityCompleter = {
    complete: (token, result) => send('complete', token, result),
    fail: (token, err) => send('fail', token, err),
  };
  return { completer, sent };
}

function info(token: string, leaseMs = 60_000, activityId = '7'): Info {
  return {
    taskToken: Buffer.from(token),
    activityId,
    startToCloseTimeoutMs: leaseMs,
    workflowExecution: { workflowId: 'wf', runId: 'run' },
  } as unknown as Info;
}

const tick = (ms = 10) => new Promise((resolve) => setTimeout(resolve, ms));

/** A full garbage collection, without starting Node with --expose-gc. */
function collectGarbage(): void {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}

describe('AsyncWaits: waits that complete their activities later', () => {
  it('returns CompleteAsyncError at once, then completes the activity with the wait result', async () => {
    const { completer, sent } = recordingCompleter();
    const waits = new AsyncWaits(completer);
    let finish!: (v: string) => void;
    const error = waits.hand(info('a'), () => new Promise((resolve) => (finish = resolve)));
    assert.ok(error instanceof CompleteAsyncError);
    assert.equal(waits.size, 1);
    finish('done');
    await tick();
    assert.deepEqual(sent, [{ kind: 'complete', token: 'a', value: 'done' }]);
    assert.equal(waits.size, 0);
  });

  it('a held wait keeps nothing of the async context of the activity that handed it alive', async () => {
    // The SDK keeps an activity's Context (info, logger, metric meter, cancellation) in an
    // AsyncLocalStorage; timers and promises made in it keep it alive as long as they live.
    const activityStorage = new AsyncLocalStorage<object>();
    const waits = new AsyncWaits(recordingCompleter().completer);
    let activityContext: WeakRef<object> | undefined;
    (() => {
      const context = { logger: Array.from({ length: 1000 }, (_, i) => `line ${i}`) };
      activityContext = new WeakRef(context);
      activityStorage.run(context, () => waits.hand(info('a'), () => new Promise(() => undefined)));
    })();
    await tick();
    collectGarbage();
    assert.equal(waits.size, 1);
    assert.equal(
      activityContext?.deref(),
      undefined,
      'the activity context is still reachable from the wait',
    );
  });

  it('fails the activity with the failure of its wait', async () => {
    const { completer, sent } = recordingCompleter();
    const failure = new Error('operation failed');
    new AsyncWaits(completer).hand(info('a'), () => Promise.reject(failure));
    await tick();
    assert.deepEqual(sent, [{ kind: 'fail', token: 'a', value: failure }]);
  });

  it('a renewed lease of the same activity aborts the wait before: only the newest attempt is completed', async () => {
    const { completer, sent } = recordingCompleter();
    const waits = new AsyncWaits(completer);
    let firstSignal!: AbortSignal;
    waits.hand(info('old'), (signal) => {
      firstSignal = signal;
      return new Promise((_, reject) => signal.addEventListener('abort', () => reject(new Error('aborted'))));
    });
    waits.hand(info('new'), () => Promise.resolve('ok'));
    await tick();
    assert.ok(firstSignal.aborted);
    assert.deepEqual(sent, [{ kind: 'complete', token: 'new', value: 'ok' }]);
  });

  it('aborts a wait whose lease has ended and never settles it', async () => {
    const { completer, sent } = recordingCompleter();
    const waits = new AsyncWaits(completer);
    let signal!: AbortSignal;
    waits.hand(info('a', 1_100), (s) => {
      signal = s;
      return new Promise((_, reject) => s.addEventListener('abort', () => reject(new Error('aborted'))));
    });
    await tick(1_050);
    assert.ok(signal.aborted, 'the lease ends at least a second before the start-to-close timeout');
    assert.deepEqual(sent, []);
    assert.equal(waits.size, 0);
  });

  it('sends a completion again while Temporal is unreachable, and drops one for an activity Temporal no longer knows', async function () {
    this.timeout(10_000);
    const unavailable = () => new Error('14 UNAVAILABLE: connection refused');
    const { completer, sent } = recordingCompleter([unavailable, unavailable]);
    new AsyncWaits(completer).hand(info('a'), () => Promise.resolve('ok'));
    await tick(2_000); // two pauses: 0.5 s, then 1 s
    assert.deepEqual(sent, [{ kind: 'complete', token: 'a', value: 'ok' }]);

    const gone = recordingCompleter([() => new ActivityNotFoundError('not found')]);
    const waits = new AsyncWaits(gone.completer);
    waits.hand(info('b'), () => Promise.resolve('ok'));
    await tick(1_000);
    assert.deepEqual(gone.sent, []);
    assert.equal(waits.size, 0);
  });

  it('settles nothing once its worker has stopped: a failed read there proves nothing', async () => {
    const { completer, sent } = recordingCompleter();
    const waits = new AsyncWaits(completer);
    waits.settleWhile(() => false);
    waits.hand(info('a'), () => Promise.reject(new Error('clients destroyed')));
    await tick();
    assert.deepEqual(sent, []);
    assert.equal(waits.size, 0);
  });

  it('hands every held wait back as a retryable WaitHandedBack, aborting the waits, and leaves a refused one to its lease', async () => {
    const { completer, sent } = recordingCompleter([() => new Error('unavailable')]);
    const waits = new AsyncWaits(completer);
    const signals: AbortSignal[] = [];
    for (const token of ['a', 'b', 'c']) {
      waits.hand(info(token, 60_000, token), (signal) => {
        signals.push(signal);
        return new Promise((_, reject) =>
          signal.addEventListener('abort', () => reject(new Error('aborted'))),
        );
      });
    }
    assert.equal(await waits.handBack(), 2, 'one of three refused');
    await tick();
    assert.equal(waits.size, 0);
    assert.ok(signals.every((s) => s.aborted));
    assert.equal(sent.length, 2);
    for (const { kind, value } of sent) {
      assert.equal(kind, 'fail');
      assert.ok(value instanceof ApplicationFailure);
      assert.equal(value.type, WAIT_HANDED_BACK);
      assert.equal(value.nonRetryable, false);
    }
  });

  it('stops handing back once Temporal refuses one: the rest are left to their leases, not tried one by one', async () => {
    let tried = 0;
    const refusing: ActivityCompleter = {
      complete: () => Promise.resolve(),
      fail: () => {
        tried += 1;
        return Promise.reject(new Error('unavailable'));
      },
    };
    const waits = new AsyncWaits(refusing);
    for (let i = 0; i < 200; i += 1)
      waits.hand(info(`t${i}`, 60_000, `a${i}`), () => new Promise(() => undefined));
    assert.equal(await waits.handBack(), 0);
    assert.equal(waits.size, 0);
    assert.ok(tried <= 50, `${tried} tried: at most the first that were in flight together`);
  });

  it('a renewed lease has waited since its first attempt was scheduled, not since the renewal', () => {
    const renewal = {
      scheduledTimestampMs: Date.now() - 90_000,
      currentAttemptScheduledTimestampMs: Date.now(),
    } as Info;
    const waited = waitedSoFarMs(renewal);
    assert.ok(waited >= 90_000 && waited < 91_000, `${waited} ms`);
    // A clock behind the server's never makes a negative wait.
    assert.equal(waitedSoFarMs({ scheduledTimestampMs: Date.now() + 5_000 } as Info), 0);
  });
});
