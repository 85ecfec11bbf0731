import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { format, resolveConfig } from 'prettier';
import { sensitivePaths, type ServiceModel } from '../src/emulator/reference/sensitive-paths';

/**
 * Writes src/emulator/reference/sensitive-params.json (the request parameters the service model
 * marks sensitive, which the audit redacts) from the service model. Run after the model changes:
 *   npm run reference:sensitive [-- path/to/lightsail-service-model.json]
 * The default path is the shared reference next to the project (../shared/reference).
 */
export const DEFAULT_SERVICE_MODEL = join(__dirname, '../../shared/reference/lightsail-service-model.json');
export const SENSITIVE_PARAMS_FILE = join(__dirname, '../src/emulator/reference/sensitive-params.json');

async function main() {
  const source = process.argv[2] ?? DEFAULT_SERVICE_MODEL;
  const paths = sensitivePaths(JSON.parse(readFileSync(source, 'utf8')) as ServiceModel);
  // Formatted as prettier --check expects, so the next npm test passes.
  const options = await resolveConfig(SENSITIVE_PARAMS_FILE);
  const text = await format(JSON.stringify(paths), { ...options, filepath: SENSITIVE_PARAMS_FILE });
  writeFileSync(SENSITIVE_PARAMS_FILE, text);
  console.log(`${SENSITIVE_PARAMS_FILE}: ${Object.keys(paths).length} actions`);
}

if (require.main === module) void main();
