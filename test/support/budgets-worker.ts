import { dataConverterFor } from '../../src/codec/data-converter';
import { parseCodecKeys } from '../../src/codec/keys';
import { createCallBudgetWorker } from '../../src/temporal/call-budget-worker';
import type { TestStack } from './stack';

/**
 * The budgets' Worker (call budgets, wait reader leases) running in the test process against the
 * stack's dev server, as each worker runs it beside its runs; `stop` shuts it down.
 */
export async function runBudgetsWorker(stack: TestStack): Promise<{ stop: () => Promise<void> }> {
  const budgets = await createCallBudgetWorker({
    connection: stack.env.nativeConnection,
    namespace: 'default',
    dataConverter: dataConverterFor(parseCodecKeys(stack.codecKeys)),
  });
  const running = budgets.run();
  return {
    stop: async () => {
      budgets.shutdown();
      await running;
    },
  };
}
