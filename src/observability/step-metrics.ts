import { CancelledFailure, type Context } from '@temporalio/activity';
import type { ActivityExecuteInput, ActivityInboundCallsInterceptor, Next } from '@temporalio/worker';
import { procedureOf } from './procedure-label';
import { stepDuration } from './worker-metrics';

/** Times each attempt of a step (an activity) into lightsail_flows_step_duration_seconds. */
export class StepMetricsInterceptor implements ActivityInboundCallsInterceptor {
  constructor(private readonly ctx: Context) {}

  async execute(input: ActivityExecuteInput, next: Next<ActivityInboundCallsInterceptor, 'execute'>) {
    const { activityType, workflowType } = this.ctx.info;
    const started = performance.now();
    let outcome = 'ok';
    try {
      return await next(input);
    } catch (err) {
      outcome = err instanceof CancelledFailure ? 'cancelled' : 'failed';
      throw err;
    } finally {
      stepDuration.observe(
        { procedure: procedureOf(workflowType), step: activityType, outcome },
        (performance.now() - started) / 1000,
      );
    }
  }
}
