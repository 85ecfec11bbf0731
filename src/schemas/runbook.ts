import { z } from 'zod';
import { resolveParameters } from '../runbooks/params';
import { sha256Hex } from '../runbooks/sha256';
import { validateRunbook, type RunbookIssue } from '../runbooks/validate';
import type { StepTiming } from './progress';
import { PollSchedule } from './common';

/** The workflow type users type: `temporal workflow start --type runRunbook`. */
export const RUN_RUNBOOK_WORKFLOW = 'runRunbook';

/** The updates a runbook's approve steps answer (the same commands as the built-ins' gates). */
export const RUNBOOK_UPDATES = { approve: 'approve', reject: 'reject' } as const;

/**
 * A runbook run's input: the runbook's whole text (so the run replays the runbook it started
 * with, whatever happens to the file), its content hash, and the parameters. The schema checks
 * the runbook itself too (validateRunbook), so the CLI, the API and the workflow refuse a bad
 * runbook alike, each issue with its path and line.
 */
export const RunbookInput = z
  .strictObject({
    runbook: z.strictObject({
      text: z.string({ error: 'the runbook text (YAML or JSON) is required' }).min(1, 'must not be empty'),
      /** SHA-256 of the text, hex; when given, the text must match it. */
      sha256: z
        .string()
        .regex(/^[0-9a-f]{64}$/, 'must be a hex SHA-256')
        .optional(),
      /** Where the text came from (a file, a registered name), for people. */
      source: z.string().max(500).optional(),
    }),
    params: z.record(z.string(), z.unknown()).default({}),
    /** How waits poll: operations, and each waitFor's Get* action. */
    poll: PollSchedule.prefault({}),
  })
  .superRefine((input, ctx) => {
    const report = (issues: RunbookIssue[], base: (string | number)[]) => {
      for (const issue of issues) {
        ctx.addIssue({
          code: 'custom',
          path: [...base, ...issue.path],
          message: `${issue.line !== undefined ? `(line ${issue.line}) ` : ''}${issue.message}`,
        });
      }
    };
    if (input.runbook.sha256 && input.runbook.sha256 !== sha256Hex(input.runbook.text)) {
      ctx.addIssue({
        code: 'custom',
        path: ['runbook', 'sha256'],
        message: 'does not match the runbook text',
      });
      return;
    }
    const checked = validateRunbook(input.runbook.text);
    if (!checked.runbook) return report(checked.issues, ['runbook', 'text']);
    report(resolveParameters(checked.runbook, input.params).issues, []);
  });

export type RunbookInput = z.input<typeof RunbookInput>;
export type RunbookParsedInput = z.output<typeof RunbookInput>;

export interface RunbookResult {
  runbook: string;
  sha256: string;
  outputs: Record<string, unknown>;
  steps: StepTiming[];
}
