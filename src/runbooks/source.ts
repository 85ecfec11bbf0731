import { isMap, isPair, isScalar, LineCounter, parseDocument, type Document, type Node } from 'yaml';

/**
 * A runbook's text read as YAML (JSON is YAML too), keeping where each value was written, so
 * every error can name its line. Pure: the workflow reads the runbook text it was given.
 */
export interface RunbookSource {
  /** The document as plain data, or undefined when the text does not parse. */
  value: unknown;
  /** Syntax errors, each with its line. */
  syntaxErrors: { line: number; message: string }[];
  /** The line of the value at a path, or of the nearest enclosing value that exists. */
  lineOf(path: readonly (string | number)[]): number | undefined;
}

export function readRunbookSource(text: string): RunbookSource {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const syntaxErrors = doc.errors.map((e) => ({
    line: lineCounter.linePos(e.pos[0]).line,
    message: e.message.split('\n')[0]!,
  }));
  const lineOf = (path: readonly (string | number)[]) => {
    for (let n = path.length; n >= 0; n--) {
      const node = nodeAt(doc, path.slice(0, n));
      if (node?.range) return lineCounter.linePos(node.range[0]).line;
    }
    return undefined;
  };
  return { value: syntaxErrors.length > 0 ? undefined : (doc.toJS() as unknown), syntaxErrors, lineOf };
}

/** The node at a path; for a missing key, nothing (the caller walks up). A map key's own node when asked for the key. */
function nodeAt(doc: Document, path: readonly (string | number)[]): Node | undefined {
  if (path.length === 0) return doc.contents ?? undefined;
  const parent = path.length === 1 ? doc.contents : doc.getIn(path.slice(0, -1), true);
  const last = path[path.length - 1]!;
  if (isMap(parent)) {
    // The key's position: an unknown key is best pointed at where it is written.
    const pair = parent.items.find(
      (p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(last),
    );
    return (pair?.key as Node | undefined) ?? undefined;
  }
  const node = doc.getIn(path, true);
  return node && typeof node === 'object' && 'range' in node ? (node as Node) : undefined;
}
