import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { format, resolveConfig } from 'prettier';
import { createRegistry } from '../src/emulator/resources';
import { coverageTable, withTable } from '../src/emulator/reference/coverage';
import { REFERENCE_ACTIONS } from '../src/emulator/reference/actions';

/** Rewrites the README's table of implemented emulator actions (npm run docs:emulator-actions). */
const readmePath = join(__dirname, '..', 'README.md');
const table = coverageTable(REFERENCE_ACTIONS, createRegistry().names());

async function main() {
  const readme = withTable(readFileSync(readmePath, 'utf8'), table);
  // Formatted as prettier --check expects, so the next npm test passes.
  const options = await resolveConfig(readmePath);
  writeFileSync(readmePath, await format(readme, { ...options, filepath: readmePath }));
  console.log(table.split('\n')[1]);
}

void main();
