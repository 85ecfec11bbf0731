import type { CompactServiceModel, CompactShape } from '../../src/emulator/reference/service-shapes';
import serviceModelJson from '../../src/emulator/reference/service-model.json';

/**
 * Checks an SDK output against today's service model (src/emulator/reference/service-model.json):
 * the operation's output shape, recursively, with each member's type (a Date for a timestamp),
 * each string's enum and each structure's required members. Returns the problems, by path.
 */

const model = serviceModelJson as CompactServiceModel;

/**
 * Values AWS answers that the model's enums lack (the enums are not exhaustive), each with where
 * a real answer shows it. Only these pass; any other value outside an enum is drift to fix.
 */
const VALUES_BEYOND_THE_MODEL: Record<string, string[]> = {
  OperationType: [
    // The API reference's CopySnapshot example.
    'CopySnapshot',
    // The AWS CLI reference's examples of create-key-pair, delete-key-pair, create-domain-entry,
    // delete-auto-snapshot, peer-vpc and unpeer-vpc (answers of the real service).
    'CreateKeyPair',
    'DeleteKeyPair',
    'CreateDomainEntry',
    'DeleteAutoSnapshot',
    'PeeredVpc',
    'UnpeeredVpc',
    // No published answer shows these actions' operations and the enum has no value for them:
    // Lightsail names an operation after its action wherever an answer shows one, so the
    // emulator does too (src/emulator/operation-types.ts, UNPUBLISHED_ACTION_NAMES).
    'ImportKeyPair',
    'TagResource',
    'UntagResource',
    'ExportSnapshot',
    'CreateCloudFormationStack',
  ],
  // The API reference's GetInstances example answers ports' accessType "public", lower case.
  PortAccessType: ['public'],
  // Domains live in us-east-1 and answer their location as "global" (create-domain-entry example).
  RegionName: ['global'],
  // Lightsail offers PostgreSQL databases (GetRelationalDatabaseBlueprints); the enum has mysql only.
  RelationalDatabaseEngine: ['postgres'],
};

export function serviceModelProblems(action: string, output: object): string[] {
  const operation = model.operations[action];
  if (!operation) throw new Error(`The service model has no operation ${action}`);
  if (!operation.output) return [];
  const problems: string[] = [];
  // The SDK adds $metadata (status, request id) to every output; it is not the service's answer.
  const answer = Object.fromEntries(Object.entries(output).filter(([key]) => key !== '$metadata'));
  checkShape(operation.output, answer, '', problems, 0);
  return problems;
}

function checkShape(
  shapeName: string,
  value: unknown,
  path: string,
  problems: string[],
  depth: number,
): void {
  const shape = model.shapes[shapeName];
  if (!shape) throw new Error(`The service model has no shape ${shapeName}`);
  const at = path || '(answer)';
  const wrong = (expected: string) =>
    problems.push(`${at} should be ${expected} (${shapeName}), got ${JSON.stringify(value)}`);
  switch (shape.type) {
    case 'string':
      if (typeof value !== 'string') return void wrong('a string');
      if (shape.enum && !shape.enum.includes(value) && !VALUES_BEYOND_THE_MODEL[shapeName]?.includes(value)) {
        wrong(shape.enum.length > 8 ? 'a value of its enum' : `one of ${shape.enum.join(', ')}`);
      }
      return;
    case 'integer':
    case 'long':
      if (typeof value !== 'number' || !Number.isInteger(value)) wrong('an integer');
      return;
    case 'double':
    case 'float':
      if (typeof value !== 'number' || !Number.isFinite(value)) wrong('a number');
      return;
    case 'boolean':
      if (typeof value !== 'boolean') wrong('a boolean');
      return;
    case 'timestamp':
      if (!(value instanceof Date) || Number.isNaN(value.getTime())) wrong('a timestamp');
      return;
    case 'list':
      if (!Array.isArray(value)) return void wrong('a list');
      value.forEach((item, i) => checkShape(shape.member!.shape, item, `${at}[${i}]`, problems, depth));
      return;
    case 'map':
      if (!isRecord(value)) return void wrong('a map');
      for (const [key, item] of Object.entries(value)) {
        checkShape(shape.value!.shape, item, `${at}.${key}`, problems, depth);
      }
      return;
    case 'structure':
      if (!isRecord(value)) return void wrong('an object');
      // The model's shapes nest (a subdomain's children); the limit guards against a cycle.
      if (depth > 12) return;
      checkStructure(shape, value, path, problems, depth);
      return;
    default:
      throw new Error(`The service model's type ${shape.type} (${shapeName}) is not checked`);
  }
}

function checkStructure(
  shape: CompactShape,
  value: Record<string, unknown>,
  path: string,
  problems: string[],
  depth: number,
): void {
  for (const name of shape.required ?? []) {
    if (value[name] === undefined || value[name] === null) {
      problems.push(`${path ? `${path}.` : ''}${name} is required and missing`);
    }
  }
  for (const [name, ref] of Object.entries(shape.members ?? {})) {
    const member = value[name];
    if (member === undefined || member === null) continue;
    checkShape(ref.shape, member, path ? `${path}.${name}` : name, problems, depth + 1);
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}
