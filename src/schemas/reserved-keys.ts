import type { z } from 'zod';

/**
 * Keys that reach an object's prototype when assigned: `obj["__proto__"] = x` replaces the
 * prototype, and zod's records drop such a key silently. JSON.parse keeps them as own keys, so
 * they are refused by name wherever input arrives (CLI, API, workflow start), before any schema.
 */
export const RESERVED_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

export const RESERVED_KEY_RULE =
  'is not allowed as a key (__proto__, constructor and prototype are reserved)';

/** One issue per reserved key anywhere in a JSON value, at its path. */
export function reservedKeyIssues(value: unknown, path: PropertyKey[] = []): z.core.$ZodIssue[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => reservedKeyIssues(v, [...path, i]));
  if (!value || typeof value !== 'object') return [];
  return Object.keys(value).flatMap((key) =>
    RESERVED_KEYS.has(key)
      ? [{ code: 'custom' as const, path: [...path, key], message: RESERVED_KEY_RULE, input: key }]
      : reservedKeyIssues((value as Record<string, unknown>)[key], [...path, key]),
  );
}
