import { DefaultLogger, type Logger, type LogLevel, type LogMetadata } from '@temporalio/worker';

const SEVERITIES: LogLevel[] = ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR'];

/** Types a bug fails with: these keep their stack, whatever their retryability. */
const JAVASCRIPT_ERRORS = new Set([
  'Error',
  'TypeError',
  'RangeError',
  'ReferenceError',
  'SyntaxError',
  'EvalError',
  'URIError',
  'AggregateError',
]);

export interface ExpectedFailure {
  type: string;
  message: string;
}

interface ErrorShape {
  message?: unknown;
  type?: unknown;
  nonRetryable?: unknown;
}

/**
 * The failure an "Activity failed" or "Workflow failed" entry reports, when it is one the
 * procedures raise on purpose: a non-retryable ApplicationFailure with a type of its own
 * (SourceNotFound, NotExportable, NotFoundException ...). Such a failure is the run's answer,
 * not a fault of the worker, and its stack says nothing the message does not.
 */
export function expectedFailure(message: string, meta: LogMetadata | undefined): ExpectedFailure | undefined {
  if (message !== 'Activity failed' && message !== 'Workflow failed') return undefined;
  const error = meta?.error as ErrorShape | undefined;
  if (!error || typeof error !== 'object') return undefined;
  // An activity's error is the ApplicationFailure itself; a workflow's arrives as a plain Error,
  // with its type in attributes (workflows/support/failure-log-attributes.ts).
  const type: unknown = typeof error.type === 'string' ? error.type : meta?.failureType;
  const nonRetryable = error.nonRetryable === true || meta?.failureNonRetryable === true;
  if (typeof type !== 'string' || !type || !nonRetryable || JAVASCRIPT_ERRORS.has(type)) return undefined;
  return { type, message: typeof error.message === 'string' ? error.message : '' };
}

/** e.g. `[WARN] Activity failed: copySnapshotAcrossRegions copy-1a2b (inspectSnapshotSource): SourceNotFound: ...` */
export function formatExpectedFailure(
  level: LogLevel,
  message: string,
  meta: LogMetadata | undefined,
  failure: ExpectedFailure,
): string {
  const text = (key: string) => (typeof meta?.[key] === 'string' ? meta[key] : undefined);
  const run = [text('workflowType'), text('workflowId')].filter(Boolean).join(' ');
  const activity = text('activityType') ? ` (${text('activityType')})` : '';
  const firstLine = failure.message.split('\n')[0];
  return `[${level}] ${message}: ${run}${activity}: ${failure.type}: ${firstLine}`;
}

/**
 * The dev stack's worker logger: the SDK's default one, except that an expected failure is one
 * line instead of a warning with its error's whole stack (thirty lines for a missing snapshot).
 */
export class DevLogger implements Logger {
  constructor(
    private readonly level: LogLevel = 'WARN',
    private readonly writeLine: (line: string) => void = (line) => process.stderr.write(`${line}\n`),
    /** Everything else, as the SDK would log it. */
    private readonly inner: Logger = new DefaultLogger(level),
  ) {}

  log(level: LogLevel, message: string, meta?: LogMetadata): void {
    const failure = expectedFailure(message, meta);
    if (!failure) {
      this.inner.log(level, message, meta);
      return;
    }
    if (SEVERITIES.indexOf(level) < SEVERITIES.indexOf(this.level)) return;
    this.writeLine(`${new Date().toISOString()} ${formatExpectedFailure(level, message, meta, failure)}`);
  }

  trace(message: string, meta?: LogMetadata): void {
    this.log('TRACE', message, meta);
  }
  debug(message: string, meta?: LogMetadata): void {
    this.log('DEBUG', message, meta);
  }
  info(message: string, meta?: LogMetadata): void {
    this.log('INFO', message, meta);
  }
  warn(message: string, meta?: LogMetadata): void {
    this.log('WARN', message, meta);
  }
  error(message: string, meta?: LogMetadata): void {
    this.log('ERROR', message, meta);
  }
}
