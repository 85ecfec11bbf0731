/**
 * Why a request about a run or a schedule was not carried out, in terms the CLI (exit codes) and
 * the API (status codes) map the same way.
 */

/** No run (or schedule) has this id: 404, exit 1. */
export class RunNotFound extends Error {
  override name = 'RunNotFound';
  constructor(
    readonly id: string,
    what: 'run' | 'schedule' = 'run',
  ) {
    super(
      what === 'schedule'
        ? `No schedule with id ${id}. \`lightsail-flows schedule list\` shows the schedules.`
        : `No ${what} with id ${id}. \`lightsail-flows list\` shows recent runs.`,
    );
  }
}

/** The run exists but refused the request now (not waiting for approval, already ended ...): 409, exit 1. */
export class RunRefused extends Error {
  override name = 'RunRefused';
}

/** A schedule with this id exists already: 409, exit 1. */
export class ScheduleExists extends Error {
  override name = 'ScheduleExists';
  constructor(readonly id: string) {
    super(`A schedule with id ${id} exists already; delete it first or choose another id.`);
  }
}

/** An id that breaks the id rule (src/schemas/ids.ts): 400 naming the field, exit 2. */
export class InvalidId extends Error {
  override name = 'InvalidId';
  constructor(
    /** Where the id was given: `--id`, `Idempotency-Key`, `scheduleId` ... */
    readonly field: string,
    readonly rule: string,
    id: unknown,
  ) {
    super(`${field}: ${rule}; got ${shown(id)}`);
  }
}

/** An offending value, quoted and escaped (a newline stays on one line) and cut short. */
function shown(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
