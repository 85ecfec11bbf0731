import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { format, resolveConfig } from 'prettier';
import { createRegistry } from '../src/emulator/resources';
import { coverageTable, withTable } from '../src/emulator/reference/coverage';
import { REFERENCE_ACTIONS } from '../src/emulator/reference/actions';

/** Rewrites docs/emulator.md's table of implemented emulator actions (npm run docs:emulator-actions). */
const docPath = join(__dirname, '..', 'docs', 'emulator.md');
const table = coverageTable(REFERENCE_ACTIONS, createRegistry().names());

async function main() {
  const doc = withTable(readFileSync(docPath, 'utf8'), table);
  // Formatted as prettier --check expects, so the next npm test passes.
  const options = await resolveConfig(docPath);
  writeFileSync(docPath, await format(doc, { ...options, filepath: docPath }));
  console.log(table.split('\n')[1]);
}

void main();
