import { strict as assert } from 'node:assert';
import { isOwnResource, notOwnedReason, RUN_TAG_KEY } from '../../src/lightsail/ownership';

describe('ownership: what a run may adopt and delete', () => {
  const firstAttemptAtMs = Date.parse('2026-12-02T10:00:00Z');
  const untaggedCopy = { fromName: 'web-1', createdAt: new Date(firstAttemptAtMs + 1000) };
  const expected = { workflowId: 'run-a', fromName: 'web-1', firstAttemptAtMs };

  it('adopts a resource tagged as its own on any attempt, and never one tagged as another run', () => {
    const mine = { tags: [{ key: RUN_TAG_KEY, value: 'run-a' }] };
    const theirs = { ...untaggedCopy, tags: [{ key: RUN_TAG_KEY, value: 'run-b' }] };
    assert.equal(isOwnResource(mine, { ...expected, attempt: 1 }), true);
    assert.equal(isOwnResource(theirs, { ...expected, attempt: 3, nameIsRuns: true }), false);
  });

  it('never adopts an untagged resource on a first attempt, even one that would match', () => {
    assert.equal(isOwnResource(untaggedCopy, { ...expected, attempt: 1, nameIsRuns: true }), false);
    assert.equal(isOwnResource(untaggedCopy, { ...expected, attempt: 1 }), false);
  });

  it('adopts an untagged resource on a retry only when the name is the run’s, the source matches and it is new', () => {
    assert.equal(isOwnResource(untaggedCopy, { ...expected, attempt: 2, nameIsRuns: true }), true);
    assert.equal(isOwnResource(untaggedCopy, { ...expected, attempt: 2, nameIsRuns: false }), false);
    assert.equal(
      isOwnResource({ ...untaggedCopy, fromName: 'web-2' }, { ...expected, attempt: 2, nameIsRuns: true }),
      false,
    );
    assert.equal(
      isOwnResource(
        { ...untaggedCopy, createdAt: new Date(firstAttemptAtMs - 6 * 60_000) },
        { ...expected, attempt: 2, nameIsRuns: true },
      ),
      false,
    );
  });

  it('says why a compensation keeps a resource: untagged, or tagged as another run', () => {
    assert.equal(notOwnedReason([{ key: RUN_TAG_KEY, value: 'run-a' }], 'run-a'), undefined);
    assert.match(notOwnedReason([], 'run-a') ?? '', /no run tag/);
    assert.match(notOwnedReason([{ key: RUN_TAG_KEY, value: 'run-b' }], 'run-a') ?? '', /run-b/);
  });
});
