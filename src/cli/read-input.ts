import { readFileSync } from 'node:fs';
import { parseJsonText } from '../schemas/json-text';
import { UsageError } from './usage-error';

/** Reads a procedure's JSON input from a file, or from standard input when the path is "-". */
export function readJsonInput(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path === '-' ? 0 : path, 'utf8');
  } catch (err) {
    throw new UsageError(
      `--input: cannot read ${path === '-' ? 'standard input' : path}: ${(err as Error).message}`,
    );
  }
  try {
    return parseJsonText(text);
  } catch (err) {
    throw new UsageError(
      `--input: ${path === '-' ? 'standard input' : path} is not valid JSON: ${(err as Error).message}`,
    );
  }
}
