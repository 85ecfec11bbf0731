import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { format, resolveConfig } from 'prettier';
import { parseReference } from '../src/emulator/reference/parse';
import { compactServiceModel, type FullServiceModel } from '../src/emulator/reference/service-shapes';

/**
 * Writes src/emulator/reference/model.json from the 2022 API reference, and service-model.json
 * from today's service model. Run after either changes:
 *   npm run reference:model [-- path/to/lightsail-api-reference.txt [path/to/lightsail-service-model.json]]
 * The default paths are the shared reference next to the project (../shared/reference).
 */
const shared = join(__dirname, '../../shared/reference');
const referenceSource = process.argv[2] ?? join(shared, 'lightsail-api-reference.txt');
const serviceSource = process.argv[3] ?? join(shared, 'lightsail-service-model.json');
const targetDir = join(__dirname, '../src/emulator/reference');

/** Written as prettier --check expects, so the next npm test passes. */
async function writeJson(path: string, value: unknown): Promise<void> {
  const options = await resolveConfig(path);
  writeFileSync(path, await format(JSON.stringify(value), { ...options, filepath: path }));
}

async function main() {
  const model = parseReference(readFileSync(referenceSource, 'utf8'));
  const target = join(targetDir, 'model.json');
  await writeJson(target, model);
  console.log(
    `${target}: ${Object.keys(model.actions).length} actions, ${Object.keys(model.dataTypes).length} data types`,
  );

  const service = compactServiceModel(JSON.parse(readFileSync(serviceSource, 'utf8')) as FullServiceModel);
  const serviceTarget = join(targetDir, 'service-model.json');
  await writeJson(serviceTarget, service);
  console.log(
    `${serviceTarget}: ${Object.keys(service.operations).length} operations, ${Object.keys(service.shapes).length} shapes`,
  );
}

void main();
