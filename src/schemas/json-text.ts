import { findJsonSyntaxProblem } from './json-syntax';

/** JSON text that does not parse: the message says the line, the column and what was expected. */
export class JsonSyntaxError extends Error {
  override name = 'JsonSyntaxError';
  constructor(
    readonly line: number,
    readonly column: number,
    readonly reason: string,
  ) {
    super(`line ${line}, column ${column}: ${reason}`);
  }
}

/**
 * JSON.parse for text people wrote (an --input file, a --set value, an API body): a syntax error
 * is a JsonSyntaxError naming the line and column, both counted from 1. A leading byte-order
 * mark, which some editors write, is skipped.
 */
export function parseJsonText(text: string): unknown {
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  try {
    return JSON.parse(body) as unknown;
  } catch (err) {
    const problem = findJsonSyntaxProblem(body);
    if (!problem) throw err; // JSON.parse refused what the scanner accepts: keep its own message
    const before = body.slice(0, problem.offset);
    const line = before.split('\n').length;
    const column = problem.offset - before.lastIndexOf('\n');
    const found =
      problem.offset < body.length ? `found ${JSON.stringify(body[problem.offset])}` : 'found the end';
    throw new JsonSyntaxError(line, column, `expected ${problem.expected}, ${found}`);
  }
}
