import { readFileSync } from 'node:fs';
import { sha256Hex } from '../runbooks/sha256';
import type { SetFlag } from './set-values';
import { UsageError } from './usage-error';

/** A runbook file's text; a file that cannot be read is a usage error naming it. */
export function readRunbookFile(path: string): string {
  try {
    return readFileSync(path === '-' ? 0 : path, 'utf8');
  } catch (err) {
    throw new UsageError(
      `cannot read runbook ${path === '-' ? 'from standard input' : path}: ${(err as Error).message}`,
    );
  }
}

/**
 * A runbook run's input from the CLI: the runbook from `--file` (its text and hash) or `--name`
 * (registered, read when the run starts), and each `--set name=value` as a parameter. Values
 * stay text here: the runbook's parameter types say how to read them (src/runbooks/params.ts).
 */
export function runbookInputFromFlags(opts: { file?: string; name?: string; set?: SetFlag[] }): unknown {
  if ((opts.file === undefined) === (opts.name === undefined)) {
    throw new UsageError('Give the runbook with --file FILE or --name NAME (registered), one of them.');
  }
  const params: Record<string, string> = {};
  for (const flag of opts.set ?? []) {
    if (flag.path.length !== 1) {
      throw new UsageError(
        `--set ${flag.path.join('.')}: a runbook parameter is one name, e.g. --set tagValue=prod`,
      );
    }
    params[flag.path[0]!] = flag.text;
  }
  if (opts.name !== undefined) return { runbook: { name: opts.name }, params };
  const text = readRunbookFile(opts.file!);
  return { runbook: { text, sha256: sha256Hex(text), source: opts.file }, params };
}
