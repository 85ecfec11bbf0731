import { strict as assert } from 'node:assert';
import { randomUUID } from 'node:crypto';
import { createServer, type AddressInfo } from 'node:net';
import { Worker } from '@temporalio/worker';
import { workerObservability } from '../../src/observability/worker-observability';
import { UserFacingError } from '../../src/user-facing-error';
import { startWorkerHttp, type WorkerHttp } from '../../src/observability/worker-http';
import { waitUntil } from '../support/fixtures';
import { testStack, type TestStack } from '../support/stack';

/** The worker's health port around a worker that polls and then stops. */
describe("the worker's health port follows its worker", function () {
  this.timeout(120_000);
  let http: WorkerHttp | undefined;
  let worker: Worker;
  let running: Promise<void> | undefined;
  let stack: TestStack;

  before(async function () {
    this.timeout(600_000);
    stack = await testStack();
    worker = await Worker.create({
      connection: stack.env.nativeConnection,
      taskQueue: `health-${randomUUID().slice(0, 8)}`,
      workflowBundle: stack.bundle,
    });
    http = await startWorkerHttp({
      host: '127.0.0.1',
      port: 0,
      worker,
      connection: stack.env.nativeConnection,
    });
  });
  after(async () => {
    if (worker.getState() === 'RUNNING') worker.shutdown();
    await running;
    await http?.close();
  });

  const get = async (path: string) => {
    const res = await fetch(`${http!.url}${path}`);
    return { status: res.status, body: await res.json() };
  };

  it('answers /readyz 503 before the worker polls, 200 while it polls, 503 once it stopped, and stays live', async () => {
    assert.deepEqual(await get('/readyz'), {
      status: 503,
      body: { ready: false, worker: { state: 'INITIALIZED', polling: false }, temporal: { reachable: true } },
    });
    running = worker.run();
    await waitUntil('the worker to poll', () =>
      Promise.resolve(worker.getState() === 'RUNNING' ? true : undefined),
    );
    assert.deepEqual(await get('/readyz'), {
      status: 200,
      body: { ready: true, worker: { state: 'RUNNING', polling: true }, temporal: { reachable: true } },
    });
    worker.shutdown();
    await running;
    assert.deepEqual(await get('/readyz'), {
      status: 503,
      body: { ready: false, worker: { state: 'STOPPED', polling: false }, temporal: { reachable: true } },
    });
    assert.deepEqual(await get('/livez'), { status: 200, body: { live: true, state: 'STOPPED' } });
  });

  it('on a busy port, stops the worker for an address the operator chose but only warns for the default', async () => {
    const busy = createServer();
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
    const port = (busy.address() as AddressInfo).port;
    const parts = { worker, connection: stack.env.nativeConnection };
    const warnings: string[] = [];
    const warn = console.error;
    console.error = (line: string) => warnings.push(line);
    try {
      await assert.rejects(
        workerObservability.serve({ host: '127.0.0.1', port, isDefault: false }, parts),
        (err: Error) => {
          assert.ok(err instanceof UserFacingError);
          assert.equal(err.exitCode, 2);
          assert.match(
            err.message,
            new RegExp(
              `^LIGHTSAIL_FLOWS_METRICS_ADDRESS: cannot listen on 127.0.0.1:${port} \\(EADDRINUSE\\)`,
            ),
          );
          return true;
        },
      );
      assert.equal(
        await workerObservability.serve({ host: '127.0.0.1', port, isDefault: true }, parts),
        undefined,
      );
    } finally {
      console.error = warn;
      busy.close();
    }
    assert.equal(warnings.length, 1);
    assert.match(warnings[0]!, /serves no metrics or health checks; set LIGHTSAIL_FLOWS_METRICS_ADDRESS/);
  });

  it('answers 404 naming its routes for any other path, and 405 to anything but GET', async () => {
    const missing = await get('/health');
    assert.equal(missing.status, 404);
    assert.match((missing.body as { error: string }).error, /\/metrics, \/livez and \/readyz/);
    assert.equal((await fetch(`${http!.url}/metrics`, { method: 'POST' })).status, 405);
  });
});
