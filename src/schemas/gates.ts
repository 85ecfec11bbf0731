import { z } from 'zod';

/**
 * The inputs of the human gates a run can answer (approve, reject, rollback): checked by the
 * CLI and the API before sending, and again by the workflow's update validators.
 */

const Who = z.string().trim().min(1, 'must not be empty').max(100, 'must be at most 100 characters');

export const ApprovalInput = z.strictObject({
  by: Who.optional(),
  comment: z.string().max(1000, 'must be at most 1000 characters').optional(),
});

export const ReasonInput = z.strictObject({
  reason: z
    .string({ error: 'say why, e.g. {"reason": "error rate doubled"}' })
    .trim()
    .min(1, 'say why, e.g. {"reason": "error rate doubled"}')
    .max(1000, 'must be at most 1000 characters'),
  by: Who.optional(),
});

export type ApprovalInput = z.input<typeof ApprovalInput>;
export type ReasonInput = z.input<typeof ReasonInput>;

/** The gates by name, with the schema of what each takes. */
export const GATES = {
  approve: ApprovalInput,
  reject: ReasonInput,
  rollback: ReasonInput,
  /** A migration's keep period ends now: the old instance is deleted. */
  'finish-now': ApprovalInput,
} as const;

export type GateName = keyof typeof GATES;
