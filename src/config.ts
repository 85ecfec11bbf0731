import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadClientConnectConfig } from '@temporalio/envconfig';
import type { NativeConnectionOptions } from '@temporalio/worker';
import { z } from 'zod';
import { parseCodecKeys, type CodecKeys } from './codec/keys';
import { LOCAL_EMULATOR_CREDENTIALS } from './emulator/default-keys';
import { formatIssues } from './schemas/format-issues';
import { buildInfo } from './build-output';
import type { VersioningSettings } from './versioning';
import { UserFacingError } from './user-facing-error';
import { WORKER_HEAPS, type WorkerHeap } from './temporal/worker-heap';

/**
 * Everything the worker, the CLI and the dev stack read from the environment, validated once at
 * start-up so that a bad value stops the process with a message naming the variable.
 *
 * The Temporal connection comes from @temporalio/envconfig: TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE,
 * TEMPORAL_API_KEY, TEMPORAL_TLS_*, TEMPORAL_PROFILE and the TOML config file, exactly as the
 * `temporal` CLI reads them, so one setting serves both tools.
 */

export { LOCAL_EMULATOR_CREDENTIALS };

export const DEFAULT_TASK_QUEUE = 'lightsail-flows';
/**
 * Lightsail publishes no request rate; this stays well inside what an account sees per region.
 * Against a local endpoint calls are not paced unless LIGHTSAIL_CALLS_PER_SECOND says so.
 */
export const DEFAULT_AWS_CALLS_PER_SECOND = 10;
/**
 * Where the worker serves /metrics, /livez and /readyz: every interface, so a scraper or an
 * orchestrator's probe reaches it in a container; 9464 is the port Temporal's TypeScript samples
 * and OpenTelemetry's Prometheus exporter use.
 */
export const DEFAULT_METRICS_ADDRESS = '0.0.0.0:9464';
/** Every run waiting on an operation holds one activity slot while it waits (see worker.ts). */
export const DEFAULT_MAX_CONCURRENT_ACTIVITIES = 5_000;

/** `id:base64,...`; a bad value is reported by key id and rule, never with the key material. */
const CodecKeysText = z
  .string()
  .optional()
  .transform((text, ctx) => {
    if (text === undefined || text.trim() === '') return undefined;
    try {
      return parseCodecKeys(text);
    } catch (err) {
      ctx.addIssue({ code: 'custom', message: (err as Error).message });
      return z.NEVER;
    }
  });

/** Where `npm run dev` keeps the key it generates, so the CLI in another terminal finds it. */
export function devCodecKeysFile(env: NodeJS.ProcessEnv = process.env): string {
  return resolve(env.LIGHTSAIL_FLOWS_DATA_DIR ?? '.data', 'codec-keys');
}

const EnvSchema = z.object({
  LIGHTSAIL_FLOWS_TASK_QUEUE: z
    .string()
    .regex(/^[\w.:-]{1,200}$/, 'must be 1-200 letters, digits, or . _ : -')
    .default(DEFAULT_TASK_QUEUE),
  LIGHTSAIL_ENDPOINT: z
    .url({ protocol: /^https?$/, error: 'must be an http(s) URL such as http://127.0.0.1:4570' })
    .optional(),
  LIGHTSAIL_SDK_MAX_ATTEMPTS: z.coerce
    .number({ error: 'must be a whole number' })
    .int('must be a whole number')
    .min(1, 'must be at least 1')
    .max(10, 'must be at most 10')
    .default(1),
  LIGHTSAIL_CALLS_PER_SECOND: z.coerce
    .number({ error: 'must be a number of calls a second' })
    .positive('must be more than 0')
    .max(1_000_000, 'must be at most 1000000')
    .optional(),
  LIGHTSAIL_CALL_BUDGET: z
    .enum(['shared', 'process'], { error: 'must be shared or process' })
    .default('shared'),
  LIGHTSAIL_FLOWS_MAX_CONCURRENT_ACTIVITIES: z.coerce
    .number({ error: 'must be a whole number' })
    .int('must be a whole number')
    .min(10, 'must be at least 10')
    .max(100_000, 'must be at most 100000')
    .default(DEFAULT_MAX_CONCURRENT_ACTIVITIES),
  LIGHTSAIL_FLOWS_MAX_CACHED_WORKFLOWS: z.coerce
    .number({ error: 'must be a whole number' })
    .int('must be a whole number')
    .min(2, 'must be at least 2')
    .max(1_000_000, 'must be at most 1000000')
    .optional(),
  LIGHTSAIL_FLOWS_WORKER_HEAP: z
    .enum(WORKER_HEAPS, { error: `must be ${WORKER_HEAPS.join(' or ')}` })
    .default('small'),
  TEMPORAL_ADDRESS: z
    .string()
    .regex(/^[\w.-]+:\d{1,5}$/, 'must be host:port, such as localhost:7233')
    .optional(),
  TEMPORAL_NAMESPACE: z.string().min(1, 'must not be empty').optional(),
  LIGHTSAIL_FLOWS_CODEC_KEYS: CodecKeysText,
  LIGHTSAIL_FLOWS_CODEC_KEYS_FILE: z.string().min(1, 'must be a file path').optional(),
  LIGHTSAIL_FLOWS_DEPLOYMENT_NAME: z
    .string()
    // The server writes a version as `<deployment name>.<build id>`, so the name holds no dot.
    .regex(/^[\w:-]{1,200}$/, 'must be 1-200 letters, digits, or _ : - (no dot)')
    .optional(),
  LIGHTSAIL_FLOWS_BUILD_ID: z
    .string()
    .regex(/^[\w.:+-]{1,200}$/, 'must be 1-200 letters, digits, or . _ : + -')
    .optional(),
  LIGHTSAIL_FLOWS_METRICS_ADDRESS: z
    .string()
    .optional()
    .transform((given, ctx) => {
      const text = given ?? DEFAULT_METRICS_ADDRESS;
      if (text === 'off') return undefined;
      const m = /^(\[[0-9a-fA-F:.]+\]|[\w.-]+):(\d{1,5})$/.exec(text);
      const port = Number(m?.[2]);
      if (!m || port > 65535) {
        ctx.addIssue({ code: 'custom', message: "must be host:port, such as 0.0.0.0:9464, or 'off'" });
        return z.NEVER;
      }
      return { host: m[1]!.replace(/^\[|\]$/g, ''), port, isDefault: given === undefined };
    }),
});

export interface LightsailSettings {
  /** The emulator's URL; undefined means real AWS with the default credential chain. */
  endpoint?: string;
  /** Static keys for an emulator; undefined means the SDK's default credential chain. */
  credentials?: { accessKeyId: string; secretAccessKey: string };
  /** Attempts the AWS SDK makes per call; retries beyond these belong to Temporal (see clients.ts). */
  sdkMaxAttempts: number;
  /** Calls a second per region this worker keeps under; undefined paces nothing. */
  callsPerSecond?: number;
  /**
   * shared (the default): every worker of the namespace keeps under callsPerSecond together,
   * through one budget per region (src/temporal/shared-call-budget.ts); process: each on its own.
   */
  callBudget?: 'shared' | 'process';
}

export interface TemporalSettings {
  connection: NativeConnectionOptions;
  namespace: string;
  /** Payload encryption keys (LIGHTSAIL_FLOWS_CODEC_KEYS); without them payloads are plain. */
  codec?: CodecKeys;
}

export interface MetricsAddress {
  host: string;
  port: number;
  /** Not set by the operator: a busy port then costs the port, not the worker (worker-observability.ts). */
  isDefault: boolean;
}

export interface Config {
  taskQueue: string;
  /** Worker Versioning (LIGHTSAIL_FLOWS_DEPLOYMENT_NAME); undefined: the worker is unversioned. */
  versioning?: VersioningSettings;
  /** Activities one worker runs at once; each waiting run holds one. */
  maxConcurrentActivities: number;
  /** Runs kept in the worker's memory between tasks; undefined: the SDK's default (by heap size). */
  maxCachedWorkflows?: number;
  /** How the worker's V8 heaps trade memory for speed (LIGHTSAIL_FLOWS_WORKER_HEAP). */
  workerHeap: WorkerHeap;
  lightsail: LightsailSettings;
  temporal: TemporalSettings;
  /** The worker's metrics and health port (LIGHTSAIL_FLOWS_METRICS_ADDRESS); undefined: off. */
  metricsAddress?: MetricsAddress;
}

/** A bad environment variable: exit code 2, like any other bad input. */
export class ConfigError extends UserFacingError {
  constructor(message: string) {
    super(message, 2);
  }
}

/** Reads and validates the configuration; throws ConfigError listing every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(`Invalid configuration:\n${formatIssues(parsed.error, { prefix: '  ' })}`);
  }
  let temporal: ReturnType<typeof loadClientConnectConfig>;
  try {
    temporal = loadClientConnectConfig({ overrideEnvVars: stringEntries(env) });
  } catch (err) {
    throw new ConfigError(
      `Invalid Temporal client configuration (TEMPORAL_* variables or the TOML profile): ${(err as Error).message}`,
    );
  }
  return {
    taskQueue: parsed.data.LIGHTSAIL_FLOWS_TASK_QUEUE,
    versioning: versioningFrom(
      parsed.data.LIGHTSAIL_FLOWS_DEPLOYMENT_NAME,
      parsed.data.LIGHTSAIL_FLOWS_BUILD_ID,
    ),
    maxConcurrentActivities: parsed.data.LIGHTSAIL_FLOWS_MAX_CONCURRENT_ACTIVITIES,
    maxCachedWorkflows: parsed.data.LIGHTSAIL_FLOWS_MAX_CACHED_WORKFLOWS,
    workerHeap: parsed.data.LIGHTSAIL_FLOWS_WORKER_HEAP,
    metricsAddress: parsed.data.LIGHTSAIL_FLOWS_METRICS_ADDRESS,
    lightsail: {
      endpoint: parsed.data.LIGHTSAIL_ENDPOINT,
      credentials: parsed.data.LIGHTSAIL_ENDPOINT ? endpointCredentials(env) : undefined,
      sdkMaxAttempts: parsed.data.LIGHTSAIL_SDK_MAX_ATTEMPTS,
      callsPerSecond:
        parsed.data.LIGHTSAIL_CALLS_PER_SECOND ??
        (parsed.data.LIGHTSAIL_ENDPOINT ? undefined : DEFAULT_AWS_CALLS_PER_SECOND),
      callBudget: parsed.data.LIGHTSAIL_CALL_BUDGET,
    },
    temporal: {
      connection: {
        ...temporal.connectionOptions,
        address: temporal.connectionOptions.address ?? 'localhost:7233',
      },
      namespace: temporal.namespace ?? 'default',
      codec:
        parsed.data.LIGHTSAIL_FLOWS_CODEC_KEYS ??
        codecKeysFromFile(parsed.data.LIGHTSAIL_FLOWS_CODEC_KEYS_FILE, env),
    },
  };
}

/**
 * The keys from LIGHTSAIL_FLOWS_CODEC_KEYS_FILE, or from the dev stack's own file when it exists,
 * so that the CLI next to `npm run dev` reads what the dev worker wrote.
 */
function codecKeysFromFile(path: string | undefined, env: NodeJS.ProcessEnv): CodecKeys | undefined {
  const file = path ?? devCodecKeysFile(env);
  if (path === undefined && !existsSync(file)) return undefined;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new ConfigError(`LIGHTSAIL_FLOWS_CODEC_KEYS_FILE: cannot read ${file}: ${(err as Error).message}`);
  }
  try {
    return parseCodecKeys(text);
  } catch (err) {
    throw new ConfigError(`Invalid configuration:\n  codec keys in ${file}: ${(err as Error).message}`);
  }
}

function stringEntries(env: NodeJS.ProcessEnv): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined));
}

/**
 * With LIGHTSAIL_ENDPOINT set, the SDK's default chain would go looking for instance metadata
 * and hang; use the keys in the environment if any, else the local emulator's default keys.
 */
function endpointCredentials(env: NodeJS.ProcessEnv): { accessKeyId: string; secretAccessKey: string } {
  const { AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY } = env;
  return AWS_ACCESS_KEY_ID && AWS_SECRET_ACCESS_KEY
    ? { accessKeyId: AWS_ACCESS_KEY_ID, secretAccessKey: AWS_SECRET_ACCESS_KEY }
    : LOCAL_EMULATOR_CREDENTIALS;
}

/**
 * The worker's deployment version: the deployment name, and the build id from
 * LIGHTSAIL_FLOWS_BUILD_ID or else from the build (dist/build-info.json). A worker running from the
 * sources has no build id of its own, so versioning there needs one given.
 */
function versioningFrom(deploymentName?: string, buildId?: string): VersioningSettings | undefined {
  if (!deploymentName) {
    if (buildId) {
      throw new ConfigError(
        'Invalid configuration:\n  LIGHTSAIL_FLOWS_BUILD_ID: is set without LIGHTSAIL_FLOWS_DEPLOYMENT_NAME; set both to use Worker Versioning, or neither',
      );
    }
    return undefined;
  }
  const id = buildId ?? buildInfo()?.buildId;
  if (!id) {
    throw new ConfigError(
      'Invalid configuration:\n  LIGHTSAIL_FLOWS_BUILD_ID: is required with LIGHTSAIL_FLOWS_DEPLOYMENT_NAME when the worker runs from the sources (a build from `npm run build` has its own)',
    );
  }
  return { deploymentName, buildId: id };
}
