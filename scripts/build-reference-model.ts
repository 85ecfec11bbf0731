import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseReference } from '../src/emulator/reference/parse';

/**
 * Writes src/emulator/reference/model.json from the API reference. Run after the reference changes:
 *   npm run reference:model [-- path/to/lightsail-api-reference.txt]
 * The default path is the shared reference next to the project (../shared/reference).
 */
const source = process.argv[2] ?? join(__dirname, '../../shared/reference/lightsail-api-reference.txt');
const model = parseReference(readFileSync(source, 'utf8'));
const target = join(__dirname, '../src/emulator/reference/model.json');
writeFileSync(target, JSON.stringify(model) + '\n');
console.log(
  `${target}: ${Object.keys(model.actions).length} actions, ${Object.keys(model.dataTypes).length} data types`,
);
