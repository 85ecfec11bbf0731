import { strict as assert } from 'node:assert';

/** Resolves when `promise` rejects with an instance of `type` whose message matches `message`. */
export async function rejectsWith(
  promise: Promise<unknown>,
  type: new (...args: never[]) => Error,
  message: RegExp,
) {
  await assert.rejects(promise, (err: unknown) => {
    assert.ok(err instanceof type, `expected ${type.name}, got ${String(err)}`);
    assert.match(err.message, message);
    return true;
  });
}

/**
 * Resolves when `promise` rejects as AWS's protocol front end refuses a member of the wrong
 * type: SerializationException, HTTP 400, naming the member. The Lightsail SDK models no class
 * for it, so it is told by name.
 */
export async function rejectsAsSerialization(promise: Promise<unknown>, member: RegExp) {
  await assert.rejects(promise, (err: unknown) => {
    const e = err as Error & { $metadata?: { httpStatusCode?: number } };
    assert.equal(e.name, 'SerializationException', String(err));
    assert.equal(e.$metadata?.httpStatusCode, 400);
    assert.match(e.message, member);
    return true;
  });
}
