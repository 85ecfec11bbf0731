import { z } from 'zod';
import { LightsailError } from './errors';

/**
 * Fault rules, in the manner of LocalStack's chaos API: a call that matches a rule's actions and
 * regions is delayed by its latency and, with its probability, answered with one of its errors.
 * A rule with operationFailure instead lets the call succeed and makes its operations end
 * Failed (and the resource it creates end in state error). A rule's latency applies to every
 * call it matches, whatever the dice say about its error. Rules are tried in order; the first
 * that fires decides the error.
 */
export const FaultRule = z.strictObject({
  probability: z.number().min(0).max(1).default(1),
  errors: z.array(z.string().regex(/^\w+$/, 'must be a Lightsail error name')).optional(),
  actions: z.array(z.string()).optional(),
  regions: z.array(z.string()).optional(),
  latencyMs: z.number().int().min(0).max(60_000).optional(),
  operationFailure: z.strictObject({ errorCode: z.string(), errorDetails: z.string() }).optional(),
  /**
   * With errors: the call takes effect and only then is answered with the error, as when a
   * response is lost on the way back. This is what makes a retried create meet its own resource.
   */
  afterEffect: z.boolean().default(false),
  /** How many more calls the rule applies to; unlimited when absent. */
  count: z.number().int().min(1).optional(),
});
export type FaultRule = z.output<typeof FaultRule>;
export type FaultRuleInput = z.input<typeof FaultRule>;

export const FaultRules = z.strictObject({ rules: z.array(FaultRule) });

const MESSAGES: Record<string, string> = {
  ThrottlingException: 'Rate exceeded',
  ServiceException: 'We encountered an internal error. Please try again. (emulated fault)',
};

export interface FaultDecision {
  latencyMs: number;
  error?: LightsailError;
  /** Answer the error only after the call has taken effect. */
  errorAfterEffect?: boolean;
  failure?: { errorCode: string; errorDetails: string };
  /** The operationFailure rule that chose `failure`: spent only once the call has succeeded. */
  failureRule?: FaultRule;
}

export class Faults {
  private rules: FaultRule[] = [];

  set(rules: FaultRule[]): void {
    this.rules = rules.map((r) => ({ ...r }));
  }

  list(): FaultRule[] {
    return this.rules.map((r) => ({ ...r }));
  }

  clear(): void {
    this.rules = [];
  }

  decide(
    action: string,
    region: string,
    mutating: boolean,
    random: () => number = Math.random,
  ): FaultDecision {
    const decision: FaultDecision = { latencyMs: 0 };
    for (const rule of this.rules) {
      if (rule.actions && !rule.actions.includes(action)) continue;
      if (rule.regions && !rule.regions.includes(region)) continue;
      if (rule.operationFailure && !mutating) continue;
      decision.latencyMs += rule.latencyMs ?? 0;
      if (decision.error || decision.failure) continue;
      if (random() >= rule.probability) continue;
      if (rule.errors && rule.errors.length > 0) {
        const name = rule.errors[Math.floor(random() * rule.errors.length)]!;
        decision.error = new LightsailError(name, MESSAGES[name] ?? `${name} (emulated fault)`);
        decision.errorAfterEffect = rule.afterEffect;
        this.consume(rule);
      } else if (rule.operationFailure) {
        // Not spent yet: a call refused by validation made no operation to fail.
        decision.failure = rule.operationFailure;
        decision.failureRule = rule;
      }
    }
    return decision;
  }

  /** Counts the operation failure a call has now carried out. */
  spendFailure(decision: FaultDecision): void {
    if (decision.failureRule) this.consume(decision.failureRule);
  }

  private consume(rule: FaultRule): void {
    if (rule.count === undefined) return;
    rule.count -= 1;
    if (rule.count <= 0) this.rules = this.rules.filter((r) => r !== rule);
  }
}
