/**
 * Reads the Lightsail API reference (a text rendering of the AWS PDF) as a model: every action
 * with the fields of its response, every data type with its fields. scripts/build-reference-model.ts
 * writes it to model.json, which the conformance tests check the emulator's answers against, so the reference
 * stays the specification rather than a copy of it in the tests.
 */

/** A field's type as the reference writes it ("Array of [Tag] objects", "Timestamp", ...). */
export type FieldType =
  | { kind: 'string' | 'number' | 'boolean' | 'timestamp' }
  | { kind: 'array'; of: FieldType }
  | { kind: 'map'; of: FieldType }
  | { kind: 'object'; type: string };

export type Fields = Record<string, FieldType>;

export interface ReferenceModel {
  /** Action name to its response fields. */
  actions: Record<string, Fields>;
  /** Data type name to its fields. */
  dataTypes: Record<string, Fields>;
}

const SCALARS: Record<string, FieldType> = {
  String: { kind: 'string' },
  string: { kind: 'string' },
  Integer: { kind: 'number' },
  Long: { kind: 'number' },
  Float: { kind: 'number' },
  Double: { kind: 'number' },
  Boolean: { kind: 'boolean' },
  Timestamp: { kind: 'timestamp' },
};

/** Parses the text after "Type: ". */
export function parseFieldType(text: string): FieldType {
  const trimmed = text.trim();
  const scalar = SCALARS[trimmed];
  if (scalar) return scalar;
  const named = /\[\s*([A-Za-z0-9]+)/.exec(trimmed)?.[1];
  if (/^Array of strings$/.test(trimmed)) return { kind: 'array', of: { kind: 'string' } };
  if (/^Array of integers$/.test(trimmed)) return { kind: 'array', of: { kind: 'number' } };
  if (/^Array of string to string maps$/.test(trimmed))
    return { kind: 'array', of: { kind: 'map', of: { kind: 'string' } } };
  if (/^String to string map$/.test(trimmed)) return { kind: 'map', of: { kind: 'string' } };
  if (/^String to array of strings map$/.test(trimmed))
    return { kind: 'map', of: { kind: 'array', of: { kind: 'string' } } };
  if (named && /^String to array of .* objects map$/.test(trimmed))
    return { kind: 'map', of: { kind: 'array', of: { kind: 'object', type: named } } };
  if (named && /^String to .* object map$/.test(trimmed))
    return { kind: 'map', of: { kind: 'object', type: named } };
  if (named && /^Array of .* objects$/.test(trimmed))
    return { kind: 'array', of: { kind: 'object', type: named } };
  if (named && / object$/.test(trimmed)) return { kind: 'object', type: named };
  throw new Error(`The reference's type "${trimmed}" is not understood`);
}

/** Headings inside a section, listed in the table of contents under each action or data type. */
const SUBHEADINGS = new Set(['Errors', 'Examples', 'Contents']);

/** A field's heading: `name`, `name (p. 12)`, `name ([p. 12](#))` or `[name \(p. 12\)](#)`. */
const FIELD_HEADING = /^\[?([a-z][A-Za-z0-9]*)(?: \\?\((?:\[p\. \d+\]\(#\)|p\. \d+)\\?\))?(?:\]\(#\))?$/;

/** The fields listed between `from` and `to` (exclusive): each heading followed by its Type line. */
function fieldsIn(lines: string[], from: number, to: number): Fields {
  const fields: Fields = {};
  let heading: string | undefined;
  for (let i = from; i < to; i++) {
    const line = lines[i]!.trim();
    const match = FIELD_HEADING.exec(line);
    if (match) {
      heading = match[1];
      continue;
    }
    if (line.startsWith('Type: ') && heading !== undefined) {
      fields[heading] = parseFieldType(line.slice('Type: '.length));
      heading = undefined;
    }
  }
  return fields;
}

function indexOf(lines: string[], text: string, from: number, to = lines.length): number {
  for (let i = from; i < to; i++) if (lines[i]!.trim() === text) return i;
  return -1;
}

/** The fields between the heading `from` and the heading `to` of one section; none without `from`. */
function section(lines: string[], from: string, to: string, start: number, end: number): Fields {
  const first = indexOf(lines, from, start, end);
  if (first < 0) return {};
  const last = indexOf(lines, to, first, end);
  return fieldsIn(lines, first + 1, last < 0 ? end : last);
}

export function parseReference(text: string): ReferenceModel {
  const lines = text.split('\n');
  // The table of contents lists `Name<TAB>page`: actions between "Actions" and "Data Types",
  // data types between "Data Types" and "Common Parameters", in the order of the body.
  const toc: { name: string; part: 'action' | 'dataType' }[] = [];
  let part: 'action' | 'dataType' | undefined;
  let tocEnd = 0;
  for (let i = 0; i < lines.length; i++) {
    const entry = /^([A-Za-z][A-Za-z0-9 ]*)\t\d+$/.exec(lines[i]!);
    if (!entry) {
      if (toc.length > 0 && lines[i]!.trim() !== '') {
        tocEnd = i;
        break;
      }
      continue;
    }
    const name = entry[1]!;
    if (name === 'Actions') part = 'action';
    else if (name === 'Data Types') part = 'dataType';
    else if (name === 'Common Parameters') part = undefined;
    else if (part && /^[A-Z][A-Za-z0-9]*$/.test(name) && !SUBHEADINGS.has(name)) toc.push({ name, part });
  }

  // Find each section's start in the body, in order; a section ends where the next one starts.
  const starts: number[] = [];
  let cursor = tocEnd;
  for (const { name } of toc) {
    const at = indexOf(lines, name, cursor);
    if (at < 0) throw new Error(`The reference has no section for ${name}`);
    starts.push(at);
    cursor = at + 1;
  }
  const commonParameters = indexOf(lines, 'Common Parameters', cursor);

  const model: ReferenceModel = { actions: {}, dataTypes: {} };
  toc.forEach(({ name, part: kind }, k) => {
    const start = starts[k]!;
    const end = starts[k + 1] ?? (commonParameters > 0 ? commonParameters : lines.length);
    if (kind === 'action') {
      model.actions[name] = section(lines, 'Response Elements', 'Errors', start, end);
    } else {
      model.dataTypes[name] = section(lines, 'Contents', 'See Also', start, end);
    }
  });
  return model;
}
