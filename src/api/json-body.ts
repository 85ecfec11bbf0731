import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { formatIssues } from '../schemas/format-issues';
import { JsonSyntaxError, parseJsonText } from '../schemas/json-text';
import { reservedKeyIssues } from '../schemas/reserved-keys';
import { ApiError, fieldsOf } from './errors';

/**
 * Reads JSON bodies in place of fastify's parser, for two reasons: a syntax error names its line
 * and column, and a reserved key (`__proto__`, `constructor`, `prototype`) is refused naming the
 * field, where fastify's parser answered only "Body is not valid JSON".
 */
export function registerJsonBodyParser(app: FastifyInstance): void {
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, text, done) => {
    let body: unknown;
    try {
      body = parseJsonText(text as string);
    } catch (err) {
      if (!(err instanceof JsonSyntaxError)) return done(err as Error, undefined);
      return done(
        new ApiError(400, 'InvalidInput', `The body is not valid JSON: ${err.message}.`, [
          { path: '(body)', message: `not valid JSON: ${err.message}` },
        ]),
        undefined,
      );
    }
    const reserved = reservedKeyIssues(body);
    if (reserved.length > 0) {
      const error = new z.ZodError(reserved);
      return done(new ApiError(400, 'InvalidInput', formatIssues(error), fieldsOf(error)), undefined);
    }
    done(null, body);
  });
}
