import type { Command } from 'commander';
import { z } from 'zod';
import { PROCEDURES } from '../../procedures';

interface JsonSchema {
  type?: string | string[];
  const?: unknown;
  prefixItems?: JsonSchema[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  enum?: unknown[];
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  items?: JsonSchema;
  default?: unknown;
  description?: string;
  /** `{"not": {}}`: a field named only to be refused with a reason (restore-database's masterUserPassword). */
  not?: JsonSchema;
}

/** Long enumerations (the regions) show their first values and their count. */
const SHOWN_VALUES = 4;

/** A field's type in a few words: "string", "one of a, b", "list of string", "{type, snapshotName}". */
function typeOf(s: JsonSchema): string {
  if (s.const !== undefined) return JSON.stringify(s.const);
  if (s.enum) {
    const shown = s.enum.slice(0, SHOWN_VALUES).map((v) => JSON.stringify(v));
    return `one of ${shown.join(', ')}${s.enum.length > SHOWN_VALUES ? `, … (${s.enum.length})` : ''}`;
  }
  const variants = s.anyOf ?? s.oneOf;
  if (variants) return variants.map(typeOf).join(' or ');
  if (s.type === 'array' && s.prefixItems) return `[${s.prefixItems.map(typeOf).join(', ')}]`;
  if (s.type === 'array' && s.items) return `list of ${typeOf(s.items)}`;
  if (s.type === 'object' && s.properties) {
    const keys = Object.entries(s.properties).map(([k, v]) =>
      v.const !== undefined ? `${k}: ${JSON.stringify(v.const)}` : s.required?.includes(k) ? k : `${k}?`,
    );
    return `{${keys.join(', ')}}`;
  }
  return Array.isArray(s.type) ? s.type.join(' or ') : (s.type ?? 'any');
}

/** The top-level fields of an input schema; a union lists each variant's, named by its constant. */
function fields(schema: JsonSchema): string[] {
  const variants = schema.oneOf ?? schema.anyOf;
  if (variants) {
    return variants.flatMap((v) => {
      const tag = Object.entries(v.properties ?? {}).find(([, p]) => p.const !== undefined);
      return [
        `  with ${tag ? `${tag[0]} ${JSON.stringify(tag[1].const)}` : 'these fields'}:`,
        ...fields(v).map((l) => `  ${l}`),
      ];
    });
  }
  const accepted = Object.entries(schema.properties ?? {}).filter(([, s]) => s.not === undefined);
  return accepted.map(([name, s]) => {
    const required = schema.required?.includes(name) && s.default === undefined;
    const dflt = s.default !== undefined ? ` (default ${JSON.stringify(s.default)})` : '';
    return `  ${name}${required ? '' : '?'}: ${typeOf(s)}${dflt}`;
  });
}

export function inputJsonSchema(schema: z.ZodType): JsonSchema {
  return z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
}

export function registerProcedures(program: Command): void {
  program
    .command('procedures')
    .description('what can be started, with the fields of each input and an example')
    .option('--json', "print each procedure's input JSON Schema and example")
    .action((opts: { json?: boolean }) => {
      if (opts.json) {
        const all = Object.entries(PROCEDURES).map(([name, p]) => ({
          name,
          workflowType: p.workflowType,
          summary: p.summary,
          inputSchema: inputJsonSchema(p.schema),
          example: p.example,
        }));
        console.log(JSON.stringify(all, null, 2));
        return;
      }
      for (const [name, p] of Object.entries(PROCEDURES)) {
        console.log(`${name} (workflow ${p.workflowType})\n  ${p.summary}\n  input (? = optional):`);
        for (const line of fields(inputJsonSchema(p.schema))) console.log(`  ${line}`);
        console.log(
          `  example: lightsail-flows start ${name} --input - <<< '${JSON.stringify(p.example)}'\n`,
        );
      }
    });
}
