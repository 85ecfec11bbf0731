import type { NativeConnection, Worker, WorkerOptions } from '@temporalio/worker';
import type { MetricsAddress } from '../config';
import { UserFacingError } from '../user-facing-error';
import { runMetricsSinks } from './run-metrics-sinks';
import { installRuntimeWithSdkMetrics } from './sdk-metrics';
import { StepMetricsInterceptor } from './step-metrics';
import { tracingWorkerOptions } from './tracing-worker';
import { startWorkerHttp, type WorkerHttp } from './worker-http';

/**
 * What src/worker.ts adds to a worker for metrics and health, kept here so that the worker's
 * entry only calls it.
 */
export const workerObservability = {
  /**
   * Worker options every worker gets: step timings and the run counters' sinks, and spans when
   * the process traces (decided when the worker is made).
   */
  workerOptions(): Pick<WorkerOptions, 'interceptors' | 'sinks'> {
    const tracing = tracingWorkerOptions();
    return {
      interceptors: {
        // The activity's span first, so the step's time and its Lightsail calls fall inside it.
        activity: [...tracing.activity, (ctx) => ({ inbound: new StepMetricsInterceptor(ctx) })],
      },
      sinks: { ...runMetricsSinks(), ...tracing.sinks },
    };
  },

  /** The Runtime with the SDK's metrics; returns their loopback URL. Before any connection. */
  installRuntime: installRuntimeWithSdkMetrics,

  /**
   * Serves /metrics, /livez and /readyz at the address. When it cannot listen there, an address
   * the operator chose stops the worker with a message naming the variable; the default one
   * (taken by another worker on the same machine, say) only costs the port, with a warning.
   */
  async serve(
    address: MetricsAddress,
    parts: { worker: Worker; connection: NativeConnection; sdkMetricsUrl?: string },
  ): Promise<WorkerHttp | undefined> {
    try {
      return await startWorkerHttp({ host: address.host, port: address.port, ...parts });
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'EADDRINUSE' || code === 'EADDRNOTAVAIL' || code === 'EACCES') {
        if (address.isDefault) {
          console.error(
            `Warning: cannot listen on ${address.host}:${address.port} (${code}), so this worker serves no ` +
              'metrics or health checks; set LIGHTSAIL_FLOWS_METRICS_ADDRESS to a free host:port, or to off.',
          );
          return undefined;
        }
        throw new UserFacingError(
          `LIGHTSAIL_FLOWS_METRICS_ADDRESS: cannot listen on ${address.host}:${address.port} (${code}); ` +
            "choose another host:port, or 'off'.",
          2,
        );
      }
      throw err;
    }
  },
};
