import { z } from 'zod';
import { Duration } from '../schemas/migrate-instance';

/**
 * The runbook document: what people write in YAML or JSON. Each step is one object with an `id`
 * and exactly one kind key (`call`, `waitFor`, `approve`, `httpCheck`, `sleep`, `fail`,
 * `forEach`, `procedure`). Values anywhere in `params`, `region`, `input` and messages may hold
 * `${{ expression }}`: a JMESPath expression over `params`, `steps` (earlier steps' answers),
 * `item` and `index` (inside a forEach) and `run` (`id`, `suffix`). A value that is one
 * expression alone takes the expression's value (a list, a number); inside other text it is
 * written as text. Conditions (`waitFor.until`) and item lists (`forEach`) are bare JMESPath.
 *
 * Pure (zod only): the workflow validates with it too.
 */

/** Temporal warns above 256 KB a payload: the runbook text, its parameters and room to spare. */
export const RUNBOOK_MAX_BYTES = 200 * 1024;

export const STEP_KINDS = [
  'call',
  'waitFor',
  'approve',
  'httpCheck',
  'sleep',
  'fail',
  'forEach',
  'procedure',
] as const;
export type StepKind = (typeof STEP_KINDS)[number];

/** Step ids are JMESPath identifiers, so `steps.<id>` reads without quotes. */
export const StepId = z
  .string({ error: 'every step needs an id' })
  .regex(/^[A-Za-z_][A-Za-z0-9_]{0,62}$/, 'must be a letter or _, then letters, digits or _ (up to 63)');

const ActionName = z.string().regex(/^[A-Z][A-Za-z0-9]+$/, 'must be a Lightsail action such as GetInstances');

/** A JMESPath expression, as written (checked by the validation, which parses it). */
const Jmespath = z.string().min(1, 'must be a JMESPath expression');

/** A JSON object of action parameters; values may hold ${{ }} expressions. */
const Params = z.record(z.string(), z.unknown());

/** The region, literal or an expression; absent: the runbook's `region`. */
const RegionValue = z.string().min(1);

const Common = { id: StepId, description: z.string().optional() };

export const UndoCall = z.strictObject({
  call: ActionName,
  region: RegionValue.optional(),
  /** May read `step.params` (what the step sent) and `step.answer` (what it got back). */
  params: Params.default({}),
});

export const CallStep = z.strictObject({
  ...Common,
  call: ActionName,
  region: RegionValue.optional(),
  params: Params.default({}),
  /** What undoes this call when a later step fails or the run is cancelled. */
  undo: UndoCall.optional(),
});

export const WaitForStep = z.strictObject({
  ...Common,
  /** A Get* action, called until `until` is true of its answer. */
  waitFor: ActionName.refine((a) => a.startsWith('Get'), { error: 'must be a Get* action' }),
  region: RegionValue.optional(),
  params: Params.default({}),
  /** JMESPath over the action's answer, e.g. `certificates[0].certificateDetail.status == 'ISSUED'`. */
  until: Jmespath,
  timeout: Duration,
});

export const ApproveStep = z.strictObject({
  ...Common,
  /** What the approver is asked. */
  approve: z.string().min(1, 'say what is to be approved'),
  timeout: Duration.default('24h'),
});

export const HttpCheckStep = z.strictObject({
  ...Common,
  /** Where an instance's address is reached from (the emulator serves instances on loopback). */
  region: RegionValue.optional(),
  httpCheck: z.strictObject({
    url: z.string().min(1),
    expectedStatus: z.number().int().min(100).max(599).default(200),
    checks: z.number().int().min(1).max(100).default(1),
    intervalSeconds: z.number().min(0).max(3600).default(5),
    timeoutSeconds: z.number().min(1).max(120).default(10),
  }),
});

export const SleepStep = z.strictObject({ ...Common, sleep: Duration });

export const FailStep = z.strictObject({ ...Common, fail: z.string().min(1, 'say why the run fails') });

export const ON_ITEM_FAILURE = ['stop', 'continue'] as const;

export const ForEachStep = z.strictObject({
  ...Common,
  /** JMESPath giving a list, e.g. `steps.list.instances[?tags[?key=='env' && value=='prod']].name`. */
  forEach: Jmespath,
  concurrency: z.number().int().min(1).max(20).default(1),
  /**
   * stop: no new item starts, the step fails and the run rolls back. continue: the failed item's
   * own steps are undone at once, the others go on, and the step lists the failures.
   */
  onItemFailure: z.enum(ON_ITEM_FAILURE).default('stop'),
  /** Checked step by step by the validation (see validate.ts); typed for editors in editorSchema. */
  steps: z.array(z.unknown()).min(1, 'a forEach needs at least one step'),
});

export const ProcedureStep = z.strictObject({
  ...Common,
  /** A built-in procedure's short name (`lightsail-flows procedures`), run as a child run. */
  procedure: z.string().min(1),
  input: z.record(z.string(), z.unknown()).default({}),
});

export const STEP_SCHEMAS = {
  call: CallStep,
  waitFor: WaitForStep,
  approve: ApproveStep,
  httpCheck: HttpCheckStep,
  sleep: SleepStep,
  fail: FailStep,
  forEach: ForEachStep,
  procedure: ProcedureStep,
} as const satisfies Record<StepKind, z.ZodType>;

export type CallStep = z.output<typeof CallStep>;
export type WaitForStep = z.output<typeof WaitForStep>;
export type ApproveStep = z.output<typeof ApproveStep>;
export type HttpCheckStep = z.output<typeof HttpCheckStep>;
export type SleepStep = z.output<typeof SleepStep>;
export type FailStep = z.output<typeof FailStep>;
export type ProcedureStep = z.output<typeof ProcedureStep>;
export type ForEachStep = Omit<z.output<typeof ForEachStep>, 'steps'> & { steps: Step[] };
export type UndoCall = z.output<typeof UndoCall>;

export type Step =
  | ({ kind: 'call' } & CallStep)
  | ({ kind: 'waitFor' } & WaitForStep)
  | ({ kind: 'approve' } & ApproveStep)
  | ({ kind: 'httpCheck' } & HttpCheckStep)
  | ({ kind: 'sleep' } & SleepStep)
  | ({ kind: 'fail' } & FailStep)
  | ({ kind: 'forEach' } & ForEachStep)
  | ({ kind: 'procedure' } & ProcedureStep);

export const PARAMETER_TYPES = ['string', 'number', 'integer', 'boolean', 'list', 'object'] as const;

export const Parameter = z.strictObject({
  type: z.enum(PARAMETER_TYPES).default('string'),
  description: z.string().optional(),
  default: z.unknown().optional(),
  /** Allowed values. */
  enum: z.array(z.unknown()).min(1).optional(),
  /** Never shown in plans or progress (passwords, keys). */
  sensitive: z.boolean().default(false),
});
export type Parameter = z.output<typeof Parameter>;

export const RunbookHeader = z.strictObject({
  /** The runbook's name, shown in the Web UI's summary and the progress. */
  runbook: z
    .string({ error: 'name the runbook: runbook: patch-fleet' })
    .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$/, 'must be letters, digits, _ . or - (up to 100)'),
  description: z.string().optional(),
  /** The default region of every step. */
  region: RegionValue.optional(),
  parameters: z
    .record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be an identifier'), Parameter)
    .default({}),
  steps: z.array(z.unknown()).min(1, 'a runbook needs at least one step'),
  /** Name to a ${{ }} value, evaluated when the last step is done: the run's result. */
  outputs: z.record(z.string(), z.unknown()).default({}),
});

export interface Runbook extends Omit<z.output<typeof RunbookHeader>, 'steps'> {
  steps: Step[];
}

/** The whole format, steps typed recursively: for the JSON Schema editors read (scripts/write-runbook-schema.ts). */
export function editorSchema(): z.ZodType {
  const withKind = (s: z.ZodObject) => s;
  const step: z.ZodType = z.lazy(() =>
    z.union([
      withKind(CallStep),
      withKind(WaitForStep),
      withKind(ApproveStep),
      withKind(HttpCheckStep),
      withKind(SleepStep),
      withKind(FailStep),
      ForEachStep.extend({ steps: z.array(step).min(1) }),
      withKind(ProcedureStep),
    ]),
  );
  return RunbookHeader.extend({ steps: z.array(step).min(1) });
}
