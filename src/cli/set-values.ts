import type { z } from 'zod';
import { JsonSyntaxError, parseJsonText } from '../schemas/json-text';

/** One `--set path=value` flag, as typed. */
export interface SetFlag {
  path: string[];
  text: string;
}

/** What a flag's text reads as: JSON when it parses, else the text itself. */
interface Reading {
  flag: SetFlag;
  value: unknown;
  /** Set when the text is not JSON: the syntax error, reported if the schema wanted JSON there. */
  syntaxError?: JsonSyntaxError;
}

/** Text that was surely meant as JSON: a list, an object or a quoted string. */
const LOOKS_LIKE_JSON = /^\s*[[{"]/;

function read(flag: SetFlag): Reading {
  try {
    return { flag, value: parseJsonText(flag.text) };
  } catch (err) {
    if (!(err instanceof JsonSyntaxError)) throw err;
    return { flag, value: flag.text, syntaxError: err };
  }
}

const samePath = (a: readonly PropertyKey[], b: readonly string[]) =>
  a.length === b.length && a.every((p, i) => String(p) === b[i]);
const under = (a: readonly PropertyKey[], b: readonly string[]) =>
  a.length >= b.length && b.every((p, i) => String(a[i]) === p);

/**
 * The values of `--set` flags as people type them: `APP_VERSION=3` is the string "3" where the
 * schema wants a string there, and the number 3 where it wants a number. Each text is read as
 * JSON first; wherever the schema then says "expected string" at exactly a flag's path, that
 * flag's text is taken as it was typed. Without a schema (an unknown procedure, refused later),
 * JSON wins. `build` makes the whole input from the values, so the schema sees every field.
 *
 * Throws the JSON syntax error of a flag whose text looks like JSON, does not parse, and is
 * refused by the schema: that error, not the schema's, says what is wrong.
 */
export function setValues(
  flags: readonly SetFlag[],
  build: (values: unknown[]) => unknown,
  schema: z.ZodType | undefined,
): { values: unknown[]; syntaxError?: { flag: SetFlag; error: JsonSyntaxError } } {
  const readings = flags.map(read);
  const values = readings.map((r) => r.value);
  if (!schema) return { values };
  // Each pass can only turn values back into their text, so it ends within one pass per flag.
  for (let pass = 0; pass <= flags.length; pass++) {
    const parsed = schema.safeParse(build(values));
    if (parsed.success) return { values };
    let changed = false;
    for (const issue of parsed.error.issues) {
      readings.forEach((r, i) => {
        const wantsString = issue.code === 'invalid_type' && issue.expected === 'string';
        if (wantsString && samePath(issue.path, r.flag.path) && values[i] !== r.flag.text) {
          values[i] = r.flag.text;
          changed = true;
        }
      });
    }
    if (changed) continue;
    for (const issue of parsed.error.issues) {
      const bad = readings.find(
        (r) => r.syntaxError && LOOKS_LIKE_JSON.test(r.flag.text) && under(issue.path, r.flag.path),
      );
      if (bad) return { values, syntaxError: { flag: bad.flag, error: bad.syntaxError! } };
    }
    return { values };
  }
  return { values };
}
