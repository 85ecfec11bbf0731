/**
 * A step as a run plans it (Progress.plan) and as `lightsail-flows plan` lists it. The step lists
 * live in this folder, pure functions of the input, so the workflows and the plan cannot drift.
 * They are imported into the workflow bundle: types and plain code only.
 */
export interface PlannedStep {
  id: string;
  title: string;
}
