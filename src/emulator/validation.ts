import { invalidInput } from './errors';

/** The checks the API reference gives for request parameters, with Lightsail's wording. */

export type Params = Record<string, unknown>;

const NAME = /^\w[\w-]*\w$/;

export function requireString(params: Params, field: string): string {
  const value = params[field];
  if (typeof value !== 'string' || value.length === 0) {
    throw invalidInput(`The ${field} parameter is required and must be a non-empty string.`);
  }
  return value;
}

export function optionalString(params: Params, field: string): string | undefined {
  const value = params[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw invalidInput(`The ${field} parameter must be a string.`);
  return value;
}

export function requireName(params: Params, field: string): string {
  const value = requireString(params, field);
  checkName(field, value);
  return value;
}

export function checkName(field: string, value: string): void {
  if (!NAME.test(value) || value.length > 255) {
    throw invalidInput(
      `${field} "${value}" is invalid: names must start and end with a letter or number and contain only letters, numbers, underscores and hyphens.`,
    );
  }
}

export function requireStringList(params: Params, field: string): string[] {
  const value = params[field];
  if (
    !Array.isArray(value) ||
    value.length === 0 ||
    !value.every((v): v is string => typeof v === 'string')
  ) {
    throw invalidInput(`The ${field} parameter is required and must be a non-empty list of strings.`);
  }
  return value;
}

export function requireOneOf<T extends string>(field: string, value: string, allowed: readonly T[]): T {
  if (!allowed.includes(value as T)) {
    throw invalidInput(`${field} must be one of ${allowed.join(', ')}; got "${value}".`);
  }
  return value as T;
}

export function tagsParam(params: Params): { key: string; value?: string }[] {
  const value = params.tags;
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw invalidInput('The tags parameter must be a list of {key, value}.');
  return value.map((t: unknown) => {
    const tag = t as { key?: unknown; value?: unknown };
    if (typeof tag.key !== 'string' || tag.key.length === 0)
      throw invalidInput('Every tag needs a non-empty key.');
    return { key: tag.key, value: typeof tag.value === 'string' ? tag.value : undefined };
  });
}

/** A zone of the region the request was signed for, e.g. eu-west-1a in eu-west-1. */
export function requireZone(params: Params, region: string): string {
  const zone = requireString(params, 'availabilityZone');
  if (!new RegExp(`^${region}[a-f]$`).test(zone)) {
    throw invalidInput(`The availability zone ${zone} is not in the region ${region}.`);
  }
  return zone;
}

/** A real calendar date written YYYY-MM-DD (so 2026-02-30 is refused). */
export function isCalendarDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const parsed = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === value;
}

export function optionalBoolean(params: Params, field: string): boolean | undefined {
  const value = params[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean') throw invalidInput(`The ${field} parameter must be a boolean.`);
  return value;
}

/** A parameter that must be a JSON object (a nested request structure). */
export function requireObject(value: unknown, field: string): Params {
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    throw invalidInput(`${field} must be an object.`);
  }
  return value as Params;
}

/** A timestamp parameter (epoch seconds on the wire), as epoch milliseconds. */
export function requireTimestampMs(params: Params, field: string): number {
  const value = params[field];
  if (typeof value !== 'number') throw invalidInput(`The ${field} parameter is required: a timestamp.`);
  return value * 1000;
}
