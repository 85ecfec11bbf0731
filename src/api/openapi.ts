import { z } from 'zod';
import { PROCEDURES } from '../procedures';
import { GATES } from '../schemas/gates';
import { Plan } from '../plan/plan';
import { ScheduleInput } from '../schemas/schedule';
import { ListRunsQuery, StartRunBody } from './routes/runs';

const schema = (s: z.ZodType) => z.toJSONSchema(s, { io: 'input', unrepresentable: 'any' });
const outputSchema = (s: z.ZodType) => z.toJSONSchema(s, { io: 'output', unrepresentable: 'any' });
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (s: object) => ({ content: { 'application/json': { schema: s } } });

const errorResponse = (description: string) => ({ description, ...json(ref('Error')) });
const ERRORS = {
  400: errorResponse('Bad input: `fields` names each bad field and its rule'),
  401: errorResponse('No or wrong bearer token'),
  403: errorResponse('A read-only token on a change'),
  404: errorResponse('No such run, schedule or trigger'),
  409: errorResponse('The run refused (not waiting for approval, already ended), or a conflict'),
  413: errorResponse('The body is larger than the limit'),
  503: errorResponse('The Temporal server cannot be reached; GET /readyz reports the same'),
};
const idParam = (name: string) => ({ name, in: 'path', required: true, schema: { type: 'string' } });

/**
 * The OpenAPI 3.1 document, made from the same zod schemas the routes validate with: each
 * procedure's input, the gates' inputs and the schedule's, so the document cannot drift.
 */
export function openApiDocument(): object {
  const procedureInputs = Object.fromEntries(
    Object.entries(PROCEDURES).map(([name, p]) => [`${name}-input`, schema(p.schema)]),
  );
  const gates = Object.fromEntries(Object.entries(GATES).map(([name, s]) => [`${name}-input`, schema(s)]));
  const gatePaths = Object.fromEntries(
    Object.keys(GATES).map((gate) => [
      `/runs/{id}/${gate}`,
      {
        post: {
          summary: `Send ${gate} to a run (an update with a validator: the run answers or refuses)`,
          parameters: [idParam('id')],
          requestBody: json(ref(`${gate}-input`)),
          responses: { 200: { description: "The run's answer" }, ...ERRORS },
        },
      },
    ]),
  );
  const startBody = schema(StartRunBody) as Record<string, unknown>;
  return {
    openapi: '3.1.0',
    info: {
      title: 'lightsail-flows',
      version: '0.1.0',
      description: 'Start, follow and steer durable Amazon Lightsail procedures.',
    },
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
      schemas: {
        ...procedureInputs,
        ...gates,
        'schedule-input': schema(ScheduleInput),
        plan: outputSchema(Plan),
        'start-run': {
          ...startBody,
          properties: {
            procedure: { type: 'string', enum: Object.keys(PROCEDURES) },
            input: { oneOf: Object.keys(PROCEDURES).map((n) => ref(`${n}-input`)) },
          },
        },
        Error: {
          type: 'object',
          properties: {
            error: {
              type: 'object',
              required: ['code', 'message'],
              properties: {
                code: { type: 'string' },
                message: { type: 'string' },
                fields: {
                  type: 'array',
                  items: {
                    type: 'object',
                    properties: { path: { type: 'string' }, message: { type: 'string' } },
                  },
                },
              },
            },
          },
        },
      },
    },
    security: [{ bearer: [] }],
    paths: {
      '/healthz': {
        get: {
          summary: 'Liveness: the process serves, whether or not Temporal answers',
          security: [],
          responses: { 200: { description: '{"ok": true}' } },
        },
      },
      '/readyz': {
        get: {
          summary: 'Readiness: whether the Temporal server answers within 2 s',
          security: [],
          responses: {
            200: { description: '{"ready": true, "temporal": {"address", "reachable": true}}' },
            503: errorResponse('Temporal cannot be reached: `message` names the address and what to check'),
          },
        },
      },
      '/metrics': {
        get: {
          summary:
            'Request metrics in Prometheus text format: lightsail_flows_api_requests_total and _request_duration_seconds by route, method and status (a read token suffices)',
          responses: { 200: { description: 'Prometheus text exposition format' } },
        },
      },
      '/procedures': {
        get: {
          summary: 'What can be started, with each input schema and an example',
          responses: { 200: { description: 'The procedures' } },
        },
      },
      '/runs': {
        post: {
          summary:
            'Start a procedure; an Idempotency-Key header becomes the run id, so a repeat starts nothing new',
          parameters: [
            { name: 'Idempotency-Key', in: 'header', required: false, schema: { type: 'string' } },
          ],
          requestBody: json(ref('start-run')),
          responses: {
            201: { description: 'Started' },
            200: { description: 'A run with this Idempotency-Key exists' },
            ...ERRORS,
          },
        },
        get: {
          summary: 'Recent runs, newest first',
          parameters: Object.keys((schema(ListRunsQuery) as { properties: object }).properties).map(
            (name) => ({ name, in: 'query', schema: { type: 'string' } }),
          ),
          responses: { 200: { description: 'The runs' }, ...ERRORS },
        },
      },
      '/plans': {
        post: {
          summary:
            'What starting a procedure would do: checks read from Lightsail (ok is false when one fails) and the steps; changes nothing',
          requestBody: json(ref('start-run')),
          responses: { 200: { description: 'The plan', ...json(ref('plan')) }, ...ERRORS },
        },
      },
      '/dr': {
        get: {
          summary:
            "The DR posture: every instance with a DR series, its newest copy per region, its last drill's recovery time and point, and the targets it misses (query: maxCopyAgeHours, maxRecoveryMinutes, maxRecoveryPointHours, maxDrillAgeDays)",
          responses: {
            200: { description: 'The posture; ok is false when an entry misses a target' },
            ...ERRORS,
            502: errorResponse('Lightsail could not be read: `message` names the region and what it said'),
          },
        },
      },
      '/runs/{id}': {
        get: {
          summary: "A run's status, progress, and result or failure",
          parameters: [idParam('id')],
          responses: { 200: { description: 'The run' }, ...ERRORS },
        },
      },
      ...gatePaths,
      '/runs/{id}/cancel': {
        post: {
          summary: 'Cancel a run: it deletes what it created and ends cancelled',
          parameters: [idParam('id')],
          responses: { 202: { description: 'Cancelling' }, ...ERRORS },
        },
      },
      '/schedules': {
        get: { summary: 'The schedules', responses: { 200: { description: 'The schedules' }, ...ERRORS } },
        post: {
          summary: 'Create a schedule that starts a procedure',
          requestBody: json(ref('schedule-input')),
          responses: { 201: { description: 'Created' }, ...ERRORS },
        },
      },
      '/schedules/{id}': {
        get: {
          summary: 'A schedule',
          parameters: [idParam('id')],
          responses: { 200: { description: 'The schedule' }, ...ERRORS },
        },
        delete: {
          summary: 'Delete a schedule',
          parameters: [idParam('id')],
          responses: { 204: { description: 'Deleted' }, ...ERRORS },
        },
      },
      '/schedules/{id}/pause': {
        post: {
          summary: 'Pause a schedule',
          parameters: [idParam('id')],
          responses: { 200: { description: 'Paused' }, ...ERRORS },
        },
      },
      '/schedules/{id}/resume': {
        post: {
          summary: 'Resume a schedule',
          parameters: [idParam('id')],
          responses: { 200: { description: 'Resumed' }, ...ERRORS },
        },
      },
      '/webhooks/{trigger}': {
        post: {
          summary:
            'A notification (SNS or JSON) that starts a procedure or answers a gate, as the trigger configures',
          security: [{ bearer: [] }, {}],
          parameters: [
            idParam('trigger'),
            { name: 'secret', in: 'query', required: false, schema: { type: 'string' } },
          ],
          responses: {
            202: { description: 'Started' },
            200: { description: 'Already started, ignored, or a gate answered' },
            ...ERRORS,
          },
        },
      },
    },
  };
}
