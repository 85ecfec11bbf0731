import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { format, resolveConfig } from 'prettier';
import { runbookJsonSchemaText } from '../src/runbooks/json-schema';

/**
 * Writes docs/runbook.schema.json, the JSON Schema of the runbook format that editors read
 * (YAML language servers: `# yaml-language-server: $schema=...`). test/unit/runbook-format.test.ts
 * keeps it current: `npm run docs:runbook-schema` after changing src/runbooks/format.ts.
 */
export const RUNBOOK_SCHEMA_FILE = join(__dirname, '..', 'docs', 'runbook.schema.json');

/** The file's text as prettier --check expects it. */
export async function runbookSchemaFileText(): Promise<string> {
  const options = await resolveConfig(RUNBOOK_SCHEMA_FILE);
  return format(runbookJsonSchemaText(), { ...options, filepath: RUNBOOK_SCHEMA_FILE });
}

async function main() {
  writeFileSync(RUNBOOK_SCHEMA_FILE, await runbookSchemaFileText());
  console.log(`wrote ${RUNBOOK_SCHEMA_FILE}`);
}

if (require.main === module) void main();
