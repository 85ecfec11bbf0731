import { z } from 'zod';
import { editorSchema } from './format';

/**
 * The runbook format as JSON Schema, generated from the zod schema the validation uses, so the
 * editors' view and the validator cannot drift apart (the Lightsail model checks, expressions and
 * references are the validator's alone).
 */
export function runbookJsonSchemaText(): string {
  const schema = z.toJSONSchema(editorSchema(), { io: 'input', unrepresentable: 'any' });
  return `${JSON.stringify(
    {
      ...schema,
      $id: 'https://github.com/lightsail-flows/lightsail-flows/docs/runbook.schema.json',
      title: 'lightsail-flows runbook',
      description: 'A user runbook: docs/runbooks.md',
    },
    null,
    2,
  )}\n`;
}
