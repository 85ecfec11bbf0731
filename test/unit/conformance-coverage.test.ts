import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REFERENCE_ACTIONS } from '../../src/emulator/reference/actions';

/**
 * The emulator's conformance is proven action by action in the emulator tests, each answer
 * checked through the real SDK against the service model (assertMatchesReference). This keeps
 * every action of the model covered: a new action without such a check fails here, by name.
 * The scan finds the calls; assertMatchesReference itself refuses, when the call runs, any answer
 * that is not the SDK's own answer to the action named (test/emulator/sdk-answers.ts).
 */
describe('Conformance coverage of the emulator tests', () => {
  it("checks every action of today's service model against the model in some emulator test", () => {
    const dir = join(__dirname, '../emulator');
    const text = readdirSync(dir)
      .filter((f) => f.endsWith('.ts'))
      .map((f) => readFileSync(join(dir, f), 'utf8'))
      .join('\n');
    const checked = new Set([...text.matchAll(/assertMatchesReference\(\s*'(\w+)'/g)].map((m) => m[1]));
    assert.equal(REFERENCE_ACTIONS.length, 167);
    assert.deepEqual(
      REFERENCE_ACTIONS.filter((a) => !checked.has(a)),
      [],
    );
  });
});
