import { InvalidArgumentError } from 'commander';
import { readJsonInput } from './read-input';
import { UsageError } from './usage-error';

/**
 * Input from flags: `--set targetRegions=eu-west-1 --set source.snapshotName=web-1-base`. A value
 * is JSON when it parses as JSON (numbers, booleans, lists, objects), else a string; dotted paths
 * build nested objects. Applied over `--input` when both are given.
 */
export function collectSet(value: string, previous: [string[], unknown][] = []): [string[], unknown][] {
  const eq = value.indexOf('=');
  if (eq <= 0)
    throw new InvalidArgumentError(
      `expected path=value, e.g. source.snapshotName=web-1-base; got "${value}"`,
    );
  const path = value.slice(0, eq).split('.');
  if (path.some((p) => p === '' || p === '__proto__' || p === 'constructor' || p === 'prototype')) {
    throw new InvalidArgumentError(`"${value.slice(0, eq)}" is not a field path`);
  }
  const text = value.slice(eq + 1);
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // A plain string.
  }
  return [...previous, [path, parsed]];
}

/** The input from `--input FILE|-` and `--set` flags; at least one is needed. */
export function inputFromFlags(opts: { input?: string; set?: [string[], unknown][] }): unknown {
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
  const input = structuredClone(base) as Record<string, unknown>;
  for (const [path, value] of opts.set) {
    let node = input;
    for (const key of path.slice(0, -1)) {
      const next = node[key];
      node[key] = next && typeof next === 'object' && !Array.isArray(next) ? next : {};
      node = node[key] as Record<string, unknown>;
    }
    node[path[path.length - 1]!] = value;
  }
  return input;
}
