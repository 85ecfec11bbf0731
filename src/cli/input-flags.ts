import { InvalidArgumentError } from 'commander';
import type { z } from 'zod';
import { RESERVED_KEY_RULE, RESERVED_KEYS } from '../schemas/reserved-keys';
import { readJsonInput } from './read-input';
import { setValues, type SetFlag } from './set-values';
import { UsageError } from './usage-error';

export type { SetFlag } from './set-values';

/**
 * Input from flags: `--set targetRegions=eu-west-1 --set source.snapshotName=web-1-base`; dotted
 * paths build nested objects. The values are read in inputFromFlags, where the schema is known.
 * Applied over `--input` when both are given.
 */
export function collectSet(value: string, previous: SetFlag[] = []): SetFlag[] {
  const eq = value.indexOf('=');
  if (eq <= 0)
    throw new InvalidArgumentError(
      `expected path=value, e.g. source.snapshotName=web-1-base; got "${value}"`,
    );
  const path = value.slice(0, eq).split('.');
  if (path.some((p) => p === ''))
    throw new InvalidArgumentError(`"${value.slice(0, eq)}" is not a field path`);
  const reserved = path.find((p) => RESERVED_KEYS.has(p));
  if (reserved !== undefined)
    throw new InvalidArgumentError(
      `"${value.slice(0, eq)}" is not a field path: ${reserved} ${RESERVED_KEY_RULE}`,
    );
  return [...previous, { path, text: value.slice(eq + 1) }];
}

function withValues(base: Record<string, unknown>, flags: readonly SetFlag[], values: unknown[]) {
  const input = structuredClone(base);
  flags.forEach(({ path }, i) => {
    let node = input;
    for (const key of path.slice(0, -1)) {
      const next = node[key];
      node[key] = next && typeof next === 'object' && !Array.isArray(next) ? next : {};
      node = node[key] as Record<string, unknown>;
    }
    node[path[path.length - 1]!] = values[i];
  });
  return input;
}

/**
 * The input from `--input FILE|-` and `--set` flags; at least one is needed. With the
 * procedure's schema, a `--set` value is a string wherever the schema wants one (see setValues).
 */
export function inputFromFlags(opts: { input?: string; set?: SetFlag[] }, schema?: z.ZodType): unknown {
  if (opts.input === undefined && !opts.set?.length) {
    throw new UsageError(
      'Give the input with --input FILE (or - for standard input), or with --set path=value flags.',
    );
  }
  const base = opts.input === undefined ? {} : readJsonInput(opts.input);
  if (!opts.set?.length) return base;
  if (!base || typeof base !== 'object' || Array.isArray(base)) {
    throw new UsageError('--set needs the --input to be a JSON object.');
  }
  const flags = opts.set;
  const build = (values: unknown[]) => withValues(base as Record<string, unknown>, flags, values);
  const { values, syntaxError } = setValues(flags, build, schema);
  if (syntaxError) {
    throw new UsageError(
      `--set ${syntaxError.flag.path.join('.')}: not valid JSON: ${syntaxError.error.message}`,
    );
  }
  return build(values);
}
