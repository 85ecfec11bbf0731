/**
 * Where the service model marks a request parameter sensitive, action by action, so the audit
 * can redact exactly what the SDKs themselves hide from their logs. scripts/write-sensitive-params.ts
 * writes sensitive-params.json from the shared service model; a unit test keeps it current.
 *
 * A path is the parameter's member names from the request's top; `[]` stands for every element
 * of a list and `{}` for every value of a map.
 */
export type SensitivePaths = Record<string, string[][]>;

/** The parts of a Smithy JSON service model this reads. */
interface ShapeRef {
  shape: string;
  sensitive?: boolean;
}
interface Shape {
  type: string;
  sensitive?: boolean;
  members?: Record<string, ShapeRef>;
  member?: ShapeRef;
  value?: ShapeRef;
}
export interface ServiceModel {
  operations: Record<string, { input?: ShapeRef }>;
  shapes: Record<string, Shape>;
}

export function sensitivePaths(model: ServiceModel): SensitivePaths {
  const out: SensitivePaths = {};
  for (const name of Object.keys(model.operations).sort()) {
    const input = model.operations[name]!.input;
    if (!input) continue;
    const paths: string[][] = [];
    walk(model, input.shape, [], new Set(), paths);
    if (paths.length > 0) out[name] = paths;
  }
  return out;
}

function walk(model: ServiceModel, shapeName: string, path: string[], open: Set<string>, out: string[][]) {
  const shape = model.shapes[shapeName];
  // A shape already being walked on this path is recursive: its paths are found the first time.
  if (!shape || open.has(shapeName)) return;
  open.add(shapeName);
  const visit = (ref: ShapeRef, at: string[]) => {
    if (ref.sensitive || model.shapes[ref.shape]?.sensitive) out.push(at);
    else walk(model, ref.shape, at, open, out);
  };
  if (shape.type === 'structure') {
    for (const [member, ref] of Object.entries(shape.members ?? {})) visit(ref, [...path, member]);
  } else if (shape.type === 'list' && shape.member) {
    visit(shape.member, [...path, '[]']);
  } else if (shape.type === 'map' && shape.value) {
    visit(shape.value, [...path, '{}']);
  }
  open.delete(shapeName);
}
