import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { ownValue } from '../own-property';
import { formatIssues } from '../schemas/format-issues';
import { parseJsonText } from '../schemas/json-text';
import { safeParseInput } from '../schemas/parse-input';
import { GATES } from '../schemas/gates';

/**
 * Webhook triggers, from a JSON file (LIGHTSAIL_FLOWS_TRIGGERS): each maps a notification to
 * starting a procedure or to a gate of a run. Strings in `input`, `runId` and the gate's fields
 * are templates: `{{alarm.resourceName}}` is replaced by that value of the notification (a
 * string that is only a placeholder takes the value as it is, list or number included).
 */

const Template = z.unknown();

export const Trigger = z
  .strictObject({
    /** Lets SNS (which cannot send headers) authenticate with ?secret=...; or use a bearer token. */
    secret: z.string().min(16, 'must be at least 16 characters').optional(),
    /** For alarm notifications: only these states act (default ALARM). */
    alarmStates: z.array(z.enum(['ALARM', 'OK', 'INSUFFICIENT_DATA'])).default(['ALARM']),
    start: z
      .strictObject({
        procedure: z.string().min(1),
        input: Template,
        /** Default: `<trigger>-<notification id>`, so a redelivered notification starts nothing new. */
        runId: z.string().optional(),
      })
      .optional(),
    gate: z
      .strictObject({
        name: z.enum(Object.keys(GATES) as [keyof typeof GATES, ...(keyof typeof GATES)[]]),
        runId: z.string().min(1),
        input: Template.optional(),
      })
      .optional(),
  })
  .refine((t) => (t.start === undefined) !== (t.gate === undefined), {
    error: 'give exactly one of start and gate',
    path: ['start'],
  });

export const TriggerFile = z.strictObject({
  triggers: z.record(z.string().regex(/^[\w.-]{1,100}$/), Trigger),
});
export type Trigger = z.output<typeof Trigger>;
export type Triggers = Record<string, Trigger>;

export function loadTriggers(path: string | undefined): Triggers {
  if (!path) return {};
  let raw: unknown;
  try {
    raw = parseJsonText(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new Error(`LIGHTSAIL_FLOWS_TRIGGERS: cannot read ${path} as JSON: ${(err as Error).message}`, {
      cause: err,
    });
  }
  // A "__proto__" trigger would be dropped silently by the record: refused by name instead.
  const parsed = safeParseInput(TriggerFile, raw);
  if (!parsed.success)
    throw new Error(`LIGHTSAIL_FLOWS_TRIGGERS: ${path}:\n${formatIssues(parsed.error, { prefix: '  ' })}`);
  return parsed.data.triggers;
}

/** What templates can read from a notification. */
export interface NotificationContext {
  /** The body, or for SNS the parsed Message. */
  payload: unknown;
  message: { id?: string; type: string; subject?: string; timestamp?: string };
  /** For a CloudWatch or Lightsail alarm: its name, state, region and the resource it watches. */
  alarm?: { name?: string; state?: string; region?: string; resourceName?: string; metric?: string };
}

interface SnsEnvelope {
  Type: string;
  MessageId?: string;
  Subject?: string;
  Message?: string;
  Timestamp?: string;
  SubscribeURL?: string;
}

const isSns = (body: unknown): body is SnsEnvelope =>
  !!body && typeof body === 'object' && typeof (body as SnsEnvelope).Type === 'string' && 'MessageId' in body;

/** An alarm as CloudWatch sends it through SNS (Lightsail's metric alarms have this shape). */
function alarmOf(payload: unknown): NotificationContext['alarm'] {
  if (!payload || typeof payload !== 'object' || !('AlarmName' in payload)) return undefined;
  const a = payload as {
    AlarmName?: string;
    NewStateValue?: string;
    AlarmArn?: string;
    Region?: string;
    Trigger?: { MetricName?: string; Dimensions?: { name?: string; value?: string }[] };
  };
  return {
    name: a.AlarmName,
    state: a.NewStateValue,
    // arn:aws:cloudwatch:<region>:<account>:alarm:<name>
    region: a.AlarmArn?.split(':')[3],
    resourceName: a.Trigger?.Dimensions?.[0]?.value,
    metric: a.Trigger?.MetricName,
  };
}

/**
 * Reads a webhook body: an SNS envelope (its Message parsed when JSON) or any JSON. SNS posts
 * its JSON as text/plain, so a string body is parsed too.
 */
export function notificationOf(raw: unknown): NotificationContext & { sns?: SnsEnvelope } {
  let body = raw;
  if (typeof raw === 'string') {
    try {
      body = JSON.parse(raw);
    } catch {
      // Not JSON: templates see the text as the payload.
    }
  }
  if (isSns(body)) {
    let payload: unknown = body.Message;
    try {
      payload = JSON.parse(body.Message ?? '');
    } catch {
      // A plain-text message stays a string.
    }
    return {
      sns: body,
      payload,
      message: { id: body.MessageId, type: body.Type, subject: body.Subject, timestamp: body.Timestamp },
      alarm: alarmOf(payload),
    };
  }
  return { payload: body, message: { type: 'json' }, alarm: alarmOf(body) };
}

function lookup(context: object, path: string): unknown {
  return path
    .split('.')
    .reduce<unknown>(
      (node, key) =>
        node && typeof node === 'object' ? ownValue(node as Record<string, unknown>, key) : undefined,
      context,
    );
}

/** Fills `{{path}}` placeholders; a missing value is an error naming the placeholder. */
export function render(template: unknown, context: object): unknown {
  if (typeof template === 'string') {
    const whole = /^\{\{\s*([\w.]+)\s*\}\}$/.exec(template);
    const value = (path: string) => {
      const v = lookup(context, path);
      if (v === undefined || v === null) throw new Error(`the notification has no ${path} for {{${path}}}`);
      return v;
    };
    if (whole) return value(whole[1]!);
    return template.replace(/\{\{\s*([\w.]+)\s*\}\}/g, (_, path: string) => {
      const v = value(path);
      return typeof v === 'string' ? v : JSON.stringify(v);
    });
  }
  if (Array.isArray(template)) return template.map((t) => render(t, context));
  if (template && typeof template === 'object') {
    return Object.fromEntries(Object.entries(template).map(([k, v]) => [k, render(v, context)]));
  }
  return template;
}
