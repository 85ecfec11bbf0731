import SENSITIVE_PARAMS from './reference/sensitive-params.json';
import type { SensitivePaths } from './reference/sensitive-paths';

/** What a redacted value reads as in the audit. */
export const REDACTED = '***';

/** Keys whose values are secret whatever the action (the model does not mark all of them). */
const SECRET_KEY = /password|secret|privatekey|sessiontoken|apikey/i;
/**
 * A launch script (CreateInstances' userData) routinely carries tokens, and a container's
 * environment its API keys: neither is marked sensitive in the model, both are redacted.
 */
const SECRET_VALUE_KEYS = new Set(['userData']);
/** Maps whose names are kept (they say what was set) and whose values are redacted. */
const SECRET_MAP_KEYS = new Set(['environment']);

const modelled = SENSITIVE_PARAMS as SensitivePaths;

/**
 * A copy of a call's parameters fit for the audit (kept in memory, answered by the control API
 * and persisted): every parameter the service model marks sensitive for the action, the keys above
 * and secret-looking keys are replaced by "***".
 */
export function redactParams(action: string, params: unknown): unknown {
  const copy = redactByKey(params);
  for (const path of modelled[action] ?? []) redactPath(copy, path);
  return copy;
}

function redactByKey(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redactByKey);
  if (!isObject(value)) return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, v]) => {
      if (SECRET_KEY.test(key) || SECRET_VALUE_KEYS.has(key)) return [key, REDACTED];
      if (SECRET_MAP_KEYS.has(key) && isObject(v))
        return [key, Object.fromEntries(Object.keys(v).map((name) => [name, REDACTED]))];
      return [key, redactByKey(v)];
    }),
  );
}

/** Redacts, in place, what the path reaches: `[]` walks every element of a list, `{}` every map value. */
function redactPath(value: unknown, path: string[]): void {
  const [step, ...rest] = path;
  if (step === undefined || !isObject(value)) return;
  const keys =
    step === '[]' ? (Array.isArray(value) ? value.keys() : []) : step === '{}' ? Object.keys(value) : [step];
  for (const key of keys) {
    const record = value as Record<string | number, unknown>;
    if (!(key in record)) continue;
    if (rest.length === 0) record[key] = REDACTED;
    else redactPath(record[key], rest);
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}
