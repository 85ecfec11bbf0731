/**
 * The workflows every worker of a namespace shares, run by the budgets' Worker on its own task
 * queue (src/temporal/call-budget-worker.ts): each region's call budget, and each task queue's
 * wait reader lease.
 */
export { lightsailFlowsCallBudget } from './call-budget-workflow';
export { lightsailFlowsWaitReaderLease } from './wait-reader-lease-workflow';
