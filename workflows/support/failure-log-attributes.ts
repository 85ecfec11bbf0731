import { ApplicationFailure, type WorkflowInterceptorsFactory } from '@temporalio/workflow';

/**
 * Adds the run's failure type to the SDK's "Workflow failed" log line. The error reaches the
 * worker's logger as a plain Error (workflow logs cross a thread by structured clone, which
 * drops the ApplicationFailure's type and nonRetryable), so without these attributes the dev
 * logger could not tell an expected failure (SourceNotFound) from a bug, and would print the
 * stack of every one. Registered as a workflow interceptor module (src/worker.ts); it only
 * reads the failure, so histories replay alike with or without it.
 */
export const interceptors: WorkflowInterceptorsFactory = () => {
  let failure: { type: string; nonRetryable: boolean } | undefined;
  return {
    inbound: [
      {
        async execute(input, next) {
          try {
            return await next(input);
          } catch (err) {
            if (err instanceof ApplicationFailure && err.type) {
              failure = { type: err.type, nonRetryable: err.nonRetryable === true };
            }
            throw err;
          }
        },
      },
    ],
    outbound: [
      {
        getLogAttributes(attributes, next) {
          return next(
            failure
              ? { ...attributes, failureType: failure.type, failureNonRetryable: failure.nonRetryable }
              : attributes,
          );
        },
      },
    ],
  };
};
