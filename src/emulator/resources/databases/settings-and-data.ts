import { invalidInput } from '../../errors';
import type { ActionRegistry } from '../../registry';
import { optionalString, requireString } from '../../validation';
import { operationOn } from '../common';
import { metricDatapoints, metricRequestParam } from '../metric-data';
import { DATABASE_BLUEPRINTS } from './catalogue';
import { checkPassword, findDatabase } from './database-actions';
import { generatePassword, setMasterPassword } from './secrets';

/** The engine parameters the emulator answers: a few real ones, the modifiable ones changeable. */
const PARAMETERS = [
  {
    parameterName: 'max_connections',
    dataType: 'integer',
    allowedValues: '1-100000',
    isModifiable: true,
    applyType: 'dynamic',
    description: 'The maximum permitted number of simultaneous client connections.',
    defaultValue: '150',
  },
  {
    parameterName: 'time_zone',
    dataType: 'string',
    allowedValues: 'UTC,US/Eastern,Europe/Paris',
    isModifiable: true,
    applyType: 'dynamic',
    description: 'The time zone of the server.',
    defaultValue: 'UTC',
  },
  {
    parameterName: 'character_set_server',
    dataType: 'string',
    allowedValues: 'utf8mb4,latin1',
    isModifiable: false,
    applyType: 'static',
    description: 'The server character set.',
    defaultValue: 'utf8mb4',
  },
];

const METRICS: Record<string, { unit: string; range: [number, number] }> = {
  CPUUtilization: { unit: 'Percent', range: [1, 40] },
  DatabaseConnections: { unit: 'Count', range: [0, 20] },
  DiskQueueDepth: { unit: 'Count', range: [0, 2] },
  FreeStorageSpace: { unit: 'Bytes', range: [1e9, 2e10] },
  NetworkReceiveThroughput: { unit: 'Bytes/Second', range: [1e3, 1e6] },
  NetworkTransmitThroughput: { unit: 'Bytes/Second', range: [1e3, 1e6] },
};

/** Settings of a database (UpdateRelationalDatabase, parameters) and what it reports (events, logs, metrics). */
/** The two tokens GetRelationalDatabaseLogEvents answers, and so the only ones it accepts. */
const LOG_EVENT_TOKENS = ['b0', 'f0'] as const;

export function registerDatabaseSettingsAndData(registry: ActionRegistry): void {
  registry.register(
    'UpdateRelationalDatabase',
    (ctx, params) => {
      const db = findDatabase(ctx, requireString(params, 'relationalDatabaseName'));
      const engine = DATABASE_BLUEPRINTS.find((b) => b.blueprintId === db.blueprintId)!.engine;
      const password = optionalString(params, 'masterUserPassword');
      if (password !== undefined && params.rotateMasterUserPassword === true) {
        throw invalidInput('masterUserPassword and rotateMasterUserPassword cannot be used together.');
      }
      if (password !== undefined) checkPassword(engine, password);
      for (const field of [
        'publiclyAccessible',
        'enableBackupRetention',
        'disableBackupRetention',
        'rotateMasterUserPassword',
        'applyImmediately',
      ]) {
        if (params[field] !== undefined && typeof params[field] !== 'boolean')
          throw invalidInput(`The ${field} parameter must be a boolean.`);
      }
      if (params.enableBackupRetention === true && params.disableBackupRetention === true) {
        throw invalidInput('enableBackupRetention and disableBackupRetention cannot be used together.');
      }
      if (password !== undefined) setMasterPassword(db.arn, password);
      if (params.rotateMasterUserPassword === true) setMasterPassword(db.arn, generatePassword());
      if (typeof params.publiclyAccessible === 'boolean') db.publiclyAccessible = params.publiclyAccessible;
      if (params.enableBackupRetention === true) db.backupRetentionEnabled = true;
      if (params.disableBackupRetention === true) db.backupRetentionEnabled = false;
      db.preferredBackupWindow = optionalString(params, 'preferredBackupWindow') ?? db.preferredBackupWindow;
      db.preferredMaintenanceWindow =
        optionalString(params, 'preferredMaintenanceWindow') ?? db.preferredMaintenanceWindow;
      return operationOn(ctx, db, 'RelationalDatabase', 'UpdateRelationalDatabase');
    },
    { mutating: true },
  );

  registry.register(
    'GetRelationalDatabaseParameters',
    (ctx, params) => {
      const db = findDatabase(ctx, requireString(params, 'relationalDatabaseName'));
      return {
        parameters: PARAMETERS.map(({ defaultValue, ...p }) => ({
          ...p,
          applyMethod: p.applyType === 'dynamic' ? 'immediate' : 'pending-reboot',
          parameterValue: db.parameters?.[p.parameterName] ?? defaultValue,
        })),
      };
    },
    { mutating: false },
  );

  registry.register(
    'UpdateRelationalDatabaseParameters',
    (ctx, params) => {
      const db = findDatabase(ctx, requireString(params, 'relationalDatabaseName'));
      const changes = params.parameters;
      if (!Array.isArray(changes) || changes.length === 0)
        throw invalidInput(
          'The parameters parameter is required: a list of {parameterName, parameterValue}.',
        );
      const next = { ...(db.parameters ?? {}) };
      for (const raw of changes as { parameterName?: unknown; parameterValue?: unknown }[]) {
        const known = PARAMETERS.find((p) => p.parameterName === raw.parameterName);
        if (!known)
          throw invalidInput(`parameters: ${String(raw.parameterName)} is not a parameter of this database.`);
        if (!known.isModifiable) throw invalidInput(`parameters: ${known.parameterName} cannot be modified.`);
        if (typeof raw.parameterValue !== 'string')
          throw invalidInput(`parameters: ${known.parameterName} needs a parameterValue string.`);
        next[known.parameterName] = raw.parameterValue;
      }
      db.parameters = next;
      return operationOn(ctx, db, 'RelationalDatabase', 'UpdateRelationalDatabaseParameters');
    },
    { mutating: true },
  );

  registry.register(
    'GetRelationalDatabaseEvents',
    (ctx, params) => {
      const db = findDatabase(ctx, requireString(params, 'relationalDatabaseName'));
      const minutes = params.durationInMinutes ?? 60;
      if (typeof minutes !== 'number' || !Number.isInteger(minutes) || minutes < 1 || minutes > 20160) {
        throw invalidInput('durationInMinutes must be a whole number of minutes from 1 to 20160 (14 days).');
      }
      const since = ctx.clock.now() - minutes * 60_000;
      const events = [
        { atMs: db.createdAtMs, message: 'DB instance created', categories: ['creation'] },
        { atMs: db.readyAtMs, message: 'DB instance available', categories: ['availability'] },
      ].filter((e) => e.atMs >= since && e.atMs <= ctx.clock.now());
      return {
        relationalDatabaseEvents: events.map((e) => ({
          createdAt: e.atMs / 1000,
          eventCategories: e.categories,
          message: e.message,
          resource: db.name,
        })),
      };
    },
    { mutating: false },
  );

  const logStreams = (engine: string) =>
    engine === 'mysql' ? ['audit', 'error', 'general', 'slowquery'] : ['postgresql'];

  registry.register(
    'GetRelationalDatabaseLogStreams',
    (ctx, params) => {
      const db = findDatabase(ctx, requireString(params, 'relationalDatabaseName'));
      return {
        logStreams: logStreams(DATABASE_BLUEPRINTS.find((b) => b.blueprintId === db.blueprintId)!.engine),
      };
    },
    { mutating: false },
  );

  registry.register(
    'GetRelationalDatabaseLogEvents',
    (ctx, params) => {
      const db = findDatabase(ctx, requireString(params, 'relationalDatabaseName'));
      const stream = requireString(params, 'logStreamName');
      // Its pageToken is one of the two tokens it answers (nextBackwardToken, nextForwardToken),
      // not a nextPageToken, so the server's pagination leaves it here; any other is refused alike.
      const pageToken = optionalString(params, 'pageToken');
      if (pageToken !== undefined && !(LOG_EVENT_TOKENS as readonly string[]).includes(pageToken)) {
        throw invalidInput(`The pageToken ${pageToken} is not valid.`);
      }
      const engine = DATABASE_BLUEPRINTS.find((b) => b.blueprintId === db.blueprintId)!.engine;
      if (!logStreams(engine).includes(stream)) {
        throw invalidInput(
          `logStreamName must be one of ${logStreams(engine).join(', ')} for a ${engine} database.`,
        );
      }
      const now = ctx.clock.now();
      const lines =
        now >= db.readyAtMs
          ? [{ createdAt: db.readyAtMs / 1000, message: `[${stream}] ready for connections` }]
          : [];
      // One event at most: both directions end here, at the same place.
      const [nextBackwardToken, nextForwardToken] = LOG_EVENT_TOKENS;
      return { resourceLogEvents: lines, nextBackwardToken, nextForwardToken };
    },
    { mutating: false },
  );

  registry.register(
    'GetRelationalDatabaseMetricData',
    (ctx, params) => {
      const db = findDatabase(ctx, requireString(params, 'relationalDatabaseName'));
      const request = metricRequestParam(params, Object.keys(METRICS));
      const metric = METRICS[request.metricName]!;
      return {
        metricName: request.metricName,
        metricData: metricDatapoints(request, {
          resourceKey: db.arn,
          sinceMs: db.createdAtMs,
          nowMs: ctx.clock.now(),
          unit: metric.unit,
          range: metric.range,
        }),
      };
    },
    { mutating: false },
  );
}
