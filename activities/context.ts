import { Context } from '@temporalio/activity';

/** The id of the workflow running this activity: the value of the run tag on what it creates. */
export function currentWorkflowId(): string {
  const execution = Context.current().info.workflowExecution;
  if (!execution) throw new Error('lightsail-flows activities run only inside a workflow');
  return execution.workflowId;
}
