import { z } from 'zod';

/**
 * What `lightsail-flows plan` and `POST /plans` answer: the checks made by reading Lightsail (and
 * Temporal, for name locks), what retention would delete, and the steps a run would take. A zod
 * schema so that the OpenAPI document shows the same shape the code returns.
 */

export const PlanCheck = z.object({
  /** What was checked, in a few words: "source", "target name in eu-west-1", ... */
  name: z.string(),
  /** unchecked: could not be read (a name lock without Temporal); does not fail the plan. */
  status: z.enum(['passed', 'failed', 'unchecked']),
  reason: z.string(),
  /** The input field the check is about, when there is one. */
  field: z.string().optional(),
});
export type PlanCheck = z.infer<typeof PlanCheck>;

export const PlannedRetention = z.object({
  region: z.string(),
  kind: z.enum(['InstanceSnapshot', 'DiskSnapshot']),
  series: z.string(),
  keep: z.number(),
  /** The series' snapshots the run would delete there, oldest first. */
  wouldDelete: z.array(z.string()),
});
export type PlannedRetention = z.infer<typeof PlannedRetention>;

export const Plan = z.object({
  procedure: z.string(),
  workflowType: z.string(),
  /** True when no check failed: the exit code is 0. */
  ok: z.boolean(),
  checks: z.array(PlanCheck),
  /** What the plan learned that the run would act on: the serving side, the idle side, ... */
  facts: z.record(z.string(), z.string()),
  retention: z.array(PlannedRetention).optional(),
  steps: z.array(z.object({ id: z.string(), title: z.string() })),
});
export type Plan = z.infer<typeof Plan>;

/** What one procedure's planner finds; planProcedure adds the procedure's names and `ok`. */
export type PlanFindings = Omit<Plan, 'procedure' | 'workflowType' | 'ok'>;
