/**
 * Today's Lightsail service model (the Smithy JSON the SDKs are generated from), kept as what the
 * emulator and its conformance tests need of it: each operation's input and output shapes, and
 * each shape's type, members, required members, enum values and limits, without documentation.
 * scripts/build-reference-model.ts writes it to service-model.json from the shared model.
 */

export interface ShapeRef {
  shape: string;
}

export interface CompactShape {
  type: string;
  members?: Record<string, ShapeRef>;
  required?: string[];
  enum?: string[];
  /** A list's element. */
  member?: ShapeRef;
  /** A map's key and value. */
  key?: ShapeRef;
  value?: ShapeRef;
  min?: number;
  max?: number;
  pattern?: string;
  sensitive?: boolean;
}

export interface CompactServiceModel {
  operations: Record<string, { input?: string; output?: string }>;
  shapes: Record<string, CompactShape>;
}

/** The parts of the full Smithy JSON model read here; everything else (documentation) is dropped. */
interface FullShape extends CompactShape {
  members?: Record<string, ShapeRef & { documentation?: string }>;
}
export interface FullServiceModel {
  operations: Record<string, { input?: ShapeRef; output?: ShapeRef }>;
  shapes: Record<string, FullShape>;
}

const KEPT = ['type', 'required', 'enum', 'min', 'max', 'pattern', 'sensitive'] as const;

export function compactServiceModel(model: FullServiceModel): CompactServiceModel {
  const operations: CompactServiceModel['operations'] = {};
  for (const name of Object.keys(model.operations).sort()) {
    const op = model.operations[name]!;
    operations[name] = { input: op.input?.shape, output: op.output?.shape };
  }
  const shapes: CompactServiceModel['shapes'] = {};
  for (const name of Object.keys(model.shapes).sort()) {
    const full = model.shapes[name]!;
    const shape: CompactShape = { type: full.type };
    for (const key of KEPT) if (full[key] !== undefined) Object.assign(shape, { [key]: full[key] });
    if (full.members) {
      shape.members = Object.fromEntries(
        Object.entries(full.members).map(([member, ref]) => [member, { shape: ref.shape }]),
      );
    }
    for (const key of ['member', 'key', 'value'] as const) {
      const ref = full[key];
      if (ref) shape[key] = { shape: ref.shape };
    }
    shapes[name] = shape;
  }
  return { operations, shapes };
}
