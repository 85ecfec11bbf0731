import type { CompactServiceModel, CompactShape } from '../emulator/reference/service-shapes';
import serviceModel from '../emulator/reference/service-model.json';
import sensitiveParams from '../emulator/reference/sensitive-params.json';

/**
 * Today's Lightsail service model, as the emulator keeps it (scripts/build-reference-model.ts
 * writes it from the shared model): what a runbook's `call` and `waitFor` are checked against.
 * Pure data, so the workflow checks a runbook with the same answers as the CLI.
 */
const model = serviceModel as CompactServiceModel;
const sensitive = sensitiveParams as Record<string, string[][]>;

export function isAction(action: string): boolean {
  return Object.hasOwn(model.operations, action);
}

export function actionNames(): string[] {
  return Object.keys(model.operations);
}

/** Up to three actions whose names are close to a misspelt one, for "did you mean". */
export function similarActions(action: string): string[] {
  const lower = action.toLowerCase();
  return actionNames()
    .filter(
      (a) => a.toLowerCase() === lower || a.toLowerCase().includes(lower) || lower.includes(a.toLowerCase()),
    )
    .slice(0, 3);
}

/** Whether the action's request has a `tags` member (a create that can tag what it makes). */
export function takesTags(action: string): boolean {
  const input = model.operations[action]?.input;
  return !!input && !!model.shapes[input]?.members?.tags;
}

/** The request parameters the model marks sensitive, as paths (`[]`: every element of a list). */
export function sensitiveParamPaths(action: string): string[][] {
  return sensitive[action] ?? [];
}

export interface ParamIssue {
  /** Below the step's `params`. */
  path: (string | number)[];
  message: string;
}

/**
 * Checks a call's parameters against the action's input shape: unknown members, JSON types,
 * required members and enum values. A value that is an expression (`isDynamic`) is known only
 * when the step runs: it satisfies "required" and is not type-checked.
 */
export function checkParams(
  action: string,
  params: Record<string, unknown>,
  isDynamic: (value: unknown) => boolean,
): ParamIssue[] {
  const input = model.operations[action]?.input;
  const issues: ParamIssue[] = [];
  if (!input) {
    for (const name of Object.keys(params))
      issues.push({ path: [name], message: `${action} takes no parameters` });
    return issues;
  }
  check(input, params, [], issues, isDynamic);
  return issues;
}

const JSON_TYPES: Record<string, { test: (v: unknown) => boolean; name: string }> = {
  string: { test: (v) => typeof v === 'string', name: 'a string' },
  blob: { test: (v) => typeof v === 'string', name: 'a string' },
  boolean: { test: (v) => typeof v === 'boolean', name: 'true or false' },
  integer: { test: (v) => Number.isInteger(v), name: 'an integer' },
  long: { test: (v) => Number.isInteger(v), name: 'an integer' },
  double: { test: (v) => typeof v === 'number', name: 'a number' },
  float: { test: (v) => typeof v === 'number', name: 'a number' },
  timestamp: { test: (v) => typeof v === 'number' || typeof v === 'string', name: 'a time' },
  list: { test: Array.isArray, name: 'a list' },
  map: { test: isObject, name: 'an object' },
  structure: { test: isObject, name: 'an object' },
};

function isObject(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function check(
  shapeName: string,
  value: unknown,
  path: (string | number)[],
  issues: ParamIssue[],
  isDynamic: (value: unknown) => boolean,
): void {
  if (isDynamic(value)) return;
  const shape: CompactShape | undefined = model.shapes[shapeName];
  if (!shape) return;
  const expected = JSON_TYPES[shape.type];
  if (expected && !expected.test(value)) {
    issues.push({ path, message: `must be ${expected.name} (${shapeName}), got ${JSON.stringify(value)}` });
    return;
  }
  if (shape.enum && !shape.enum.includes(value as string)) {
    issues.push({ path, message: `must be one of ${shape.enum.join(', ')}, got ${JSON.stringify(value)}` });
    return;
  }
  if (shape.type === 'list') {
    (value as unknown[]).forEach((item, i) =>
      check(shape.member!.shape, item, [...path, i], issues, isDynamic),
    );
  } else if (shape.type === 'map') {
    for (const [key, item] of Object.entries(value as object))
      check(shape.value!.shape, item, [...path, key], issues, isDynamic);
  } else if (shape.type === 'structure') {
    const record = value as Record<string, unknown>;
    const members = shape.members ?? {};
    for (const name of Object.keys(record)) {
      if (!Object.hasOwn(members, name)) {
        const known = Object.keys(members);
        issues.push({
          path: [...path, name],
          message: `is not a parameter of ${shapeName}${known.length ? ` (it has ${known.join(', ')})` : ' (it has none)'}`,
        });
      }
    }
    for (const name of shape.required ?? []) {
      if (record[name] === undefined || record[name] === null) {
        issues.push({ path: [...path, name], message: `is required by ${shapeName}` });
      }
    }
    for (const [name, ref] of Object.entries(members)) {
      if (record[name] !== undefined && record[name] !== null)
        check(ref.shape, record[name], [...path, name], issues, isDynamic);
    }
  }
}

/**
 * How to read back what a create made, from the model's naming: `CreateX` → `GetX` (or `GetX`
 * without a plural's s), whose required members are the create's own parameters (a list of one
 * name stands for the name), answered with one object. Undefined when the model offers no such
 * read (CreateBucket, CreateDistribution, ...).
 */
export function readBackOf(
  action: string,
  params: Record<string, unknown>,
): { action: string; params: Record<string, unknown> } | undefined {
  if (!action.startsWith('Create')) return undefined;
  const noun = action.slice('Create'.length);
  for (const get of [`Get${noun}`, ...(noun.endsWith('s') ? [`Get${noun.slice(0, -1)}`] : [])]) {
    const op = model.operations[get];
    const output = op?.output ? model.shapes[op.output]?.members : undefined;
    const single =
      output &&
      Object.values(output).length === 1 &&
      model.shapes[Object.values(output)[0]!.shape]?.type === 'structure';
    if (!op || !single) continue;
    const required = (op.input ? model.shapes[op.input]?.required : undefined) ?? [];
    const read: Record<string, unknown> = {};
    for (const member of required) {
      const one = params[`${member}s`];
      if (params[member] !== undefined) read[member] = params[member];
      else if (Array.isArray(one) && one.length === 1) read[member] = one[0];
    }
    if (required.every((m) => read[m] !== undefined)) return { action: get, params: read };
  }
  return undefined;
}
