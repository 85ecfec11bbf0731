import { protocolError } from './errors';
import type { CompactServiceModel } from './reference/service-shapes';
import serviceModel from './reference/service-model.json';

/**
 * The request's member types, checked against the action's input shape in today's service
 * model before any handler runs, as AWS's JSON protocol front end does: a member of the wrong
 * JSON type (a string for a boolean, a list for a string, ...) is refused with
 * SerializationException, before Lightsail's own validation (InvalidInputException) sees it.
 * Unknown members are ignored, as AWS ignores them; null is taken as absent.
 */

const model = serviceModel as CompactServiceModel;

/** How AWS names a JSON value it could not convert (Jackson's token names). */
function tokenOf(value: unknown): string {
  if (Array.isArray(value)) return 'START_ARRAY';
  if (typeof value === 'object') return 'START_OBJECT';
  if (typeof value === 'string') return 'VALUE_STRING';
  if (typeof value === 'number') return 'VALUE_NUMBER';
  return typeof value === 'boolean' ? `VALUE_${String(value).toUpperCase()}` : 'VALUE';
}

/** The JSON type each model type arrives as. */
const EXPECTED: Record<string, { test: (v: unknown) => boolean; name: string }> = {
  string: { test: (v) => typeof v === 'string', name: 'String' },
  blob: { test: (v) => typeof v === 'string', name: 'Blob' },
  boolean: { test: (v) => typeof v === 'boolean', name: 'Boolean' },
  integer: { test: (v) => typeof v === 'number' && Number.isInteger(v), name: 'Integer' },
  long: { test: (v) => typeof v === 'number' && Number.isInteger(v), name: 'Long' },
  double: { test: (v) => typeof v === 'number', name: 'Double' },
  float: { test: (v) => typeof v === 'number', name: 'Float' },
  // Epoch seconds, as the SDKs send timestamps in this protocol.
  timestamp: { test: (v) => typeof v === 'number', name: 'Date' },
  list: { test: Array.isArray, name: 'List' },
  map: { test: isObject, name: 'Map' },
  structure: { test: isObject, name: 'Structure' },
};

function isObject(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function check(shapeName: string, value: unknown, path: string): void {
  if (value === null || value === undefined) return;
  const shape = model.shapes[shapeName];
  if (!shape) return;
  const expected = EXPECTED[shape.type];
  if (expected && !expected.test(value)) {
    throw protocolError(
      'SerializationException',
      `Cannot deserialize ${path}: ${tokenOf(value)} can not be converted to ${expected.name}.`,
    );
  }
  if (shape.type === 'list') {
    (value as unknown[]).forEach((item, i) => check(shape.member!.shape, item, `${path}[${i}]`));
  } else if (shape.type === 'map') {
    for (const [key, item] of Object.entries(value)) check(shape.value!.shape, item, `${path}.${key}`);
  } else if (shape.type === 'structure') {
    const record = value as Record<string, unknown>;
    for (const [name, ref] of Object.entries(shape.members ?? {})) {
      check(ref.shape, record[name], path ? `${path}.${name}` : name);
    }
  }
}

/** Throws SerializationException when a member of the request has the wrong JSON type. */
export function checkParamTypes(action: string, params: Record<string, unknown>): void {
  const input = model.operations[action]?.input;
  if (input) check(input, params, '');
}
