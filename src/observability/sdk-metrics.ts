import { createServer, type AddressInfo } from 'node:net';
import { Runtime } from '@temporalio/worker';

/**
 * Installs the Temporal Runtime with its Prometheus exporter on a loopback port of its own and
 * returns that endpoint's URL, which the worker's HTTP server reads at each scrape: the SDK's
 * exporter is a server inside the SDK's native core that cannot share a Node port, and one
 * scrape target per worker is what an operator expects. Names follow Prometheus' conventions
 * (counters end in _total, durations are seconds with the unit in the name).
 *
 * Must run before any NativeConnection is made: the Runtime is installed once per process.
 */
export async function installRuntimeWithSdkMetrics(): Promise<string> {
  const port = await freeLoopbackPort();
  Runtime.install({
    telemetryOptions: {
      metrics: {
        prometheus: {
          bindAddress: `127.0.0.1:${port}`,
          countersTotalSuffix: true,
          unitSuffix: true,
          useSecondsForDurations: true,
        },
      },
    },
  });
  return `http://127.0.0.1:${port}/metrics`;
}

/** A port free now on 127.0.0.1, chosen by the kernel. */
function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
