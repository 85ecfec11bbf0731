import assert from 'node:assert/strict';
import type { FieldType, Fields, ReferenceModel } from '../../src/emulator/reference/parse';
import modelJson from '../../src/emulator/reference/model.json';
import { answeredBy } from './sdk-answers';
import { serviceModelProblems } from './service-model-conformance';

/**
 * Checks an SDK output against the 2022 API reference (src/emulator/reference/model.json): every
 * field the reference lists for the action's response, and recursively for the data types inside
 * it, is present with the type the SDK gives it (a Date for a timestamp). Then against today's
 * service model (service-model.json): member types, enum values and required members. Actions
 * newer than the reference are checked against the service model alone. Problems are reported
 * together, by path.
 */

const model = modelJson as ReferenceModel;

/**
 * Fields the reference itself describes as appearing only sometimes: a page token only when more
 * pages follow, an operation's error only when it failed; nextPageCount is deprecated (null).
 */
const CONDITIONAL_FIELDS: Record<string, string[]> = {
  Operation: ['errorCode', 'errorDetails'],
};
const CONDITIONAL_RESPONSE_FIELDS = ['nextPageToken', 'nextPageCount'];

/**
 * Names the reference misspells, by data type (or action), with the name the service and the
 * SDK use; the field is checked under its real name.
 */
const REFERENCE_MISSPELLINGS: Record<string, Record<string, string>> = {
  InstancePortInfo: { cids: 'cidrs' },
  GetStaticIps: { staticips: 'staticIps' },
  AccountLevelBpaSync: { bpImpactLightsail: 'bpaImpactsLightsail' },
};

export interface ConformanceOptions {
  /**
   * Dotted paths (arrays and map keys are transparent: `instances.networking.ports`) of fields
   * that legitimately do not appear in this answer, e.g. `diskSnapshot.fromInstanceName` for a
   * snapshot of a disk.
   */
  absent?: string[];
}

export function assertMatchesReference(
  action: string,
  output: object,
  options: ConformanceOptions = {},
): void {
  // Only the SDK's own answer to this action proves the emulator's answer conforms.
  assert.equal(
    answeredBy(output),
    `${action}Command`,
    `the answer checked as ${action}'s is not the SDK's answer to ${action} through a recording client (harness.ts)`,
  );
  const fields = model.actions[action];
  const problems: string[] = [];
  const absent = new Set([...(options.absent ?? []), ...CONDITIONAL_RESPONSE_FIELDS]);
  if (fields) checkFields(fields, output as Record<string, unknown>, '', absent, problems, 0, [], action);
  assert.deepEqual([...new Set(problems)], [], `${action}'s answer does not match the API reference`);
  assert.deepEqual(
    serviceModelProblems(action, output),
    [],
    `${action}'s answer does not match the service model`,
  );
}

function checkFields(
  fields: Fields,
  value: Record<string, unknown>,
  path: string,
  absent: Set<string>,
  problems: string[],
  depth: number,
  conditional: string[] = [],
  typeName = '',
): void {
  for (const [referenceName, type] of Object.entries(fields)) {
    const name = REFERENCE_MISSPELLINGS[typeName]?.[referenceName] ?? referenceName;
    const fieldPath = path ? `${path}.${name}` : name;
    const field = value[name];
    if (field === undefined || field === null) {
      if (!absent.has(fieldPath) && !conditional.includes(name)) problems.push(`${fieldPath} is missing`);
      continue;
    }
    checkValue(type, field, fieldPath, absent, problems, depth);
  }
}

function checkValue(
  type: FieldType,
  value: unknown,
  path: string,
  absent: Set<string>,
  problems: string[],
  depth: number,
): void {
  const wrong = (expected: string) =>
    problems.push(`${path} should be ${expected}, got ${JSON.stringify(value)}`);
  switch (type.kind) {
    case 'string':
      if (typeof value !== 'string') wrong('a string');
      return;
    case 'number':
      if (typeof value !== 'number' || !Number.isFinite(value)) wrong('a number');
      return;
    case 'boolean':
      if (typeof value !== 'boolean') wrong('a boolean');
      return;
    case 'timestamp':
      if (!(value instanceof Date) || Number.isNaN(value.getTime())) wrong('a timestamp');
      return;
    case 'array':
      if (!Array.isArray(value)) return void wrong('a list');
      for (const item of value) checkValue(type.of, item, path, absent, problems, depth);
      return;
    case 'map':
      if (!isRecord(value)) return void wrong('a map');
      for (const item of Object.values(value)) checkValue(type.of, item, path, absent, problems, depth);
      return;
    case 'object': {
      if (!isRecord(value)) return void wrong(`a ${type.type} object`);
      const fields = model.dataTypes[type.type];
      if (!fields) throw new Error(`The API reference has no data type ${type.type}`);
      // The reference's data types do not nest deeply; the limit guards against a cycle.
      if (depth > 8) return;
      checkFields(fields, value, path, absent, problems, depth + 1, CONDITIONAL_FIELDS[type.type], type.type);
    }
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}
