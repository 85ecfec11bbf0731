import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import * as workflows from '../../workflows';
import { VERSIONING_BEHAVIOURS } from '../../workflows/versioning-behaviours';

const DOC = 'docs/rollouts.md';

/** The "Pinned or auto-upgrade, by procedure" table: first column to second, as written. */
function documentedBehaviours(): Record<string, string> {
  const text = readFileSync(DOC, 'utf8');
  const section = text.split(/^## /m).find((s) => s.startsWith('Pinned or auto-upgrade'));
  assert.ok(section, `${DOC} has its "Pinned or auto-upgrade, by procedure" section`);
  const rows = [...section.matchAll(/^\| *(`?[\w ]+`?) *\| *(pinned|auto-upgrade) *\|/gm)];
  return Object.fromEntries(rows.map((r) => [r[1]!.replaceAll('`', '').trim(), r[2]!]));
}

/**
 * An operator decides how long to keep an old build's workers from the table in docs/rollouts.md:
 * it must say what the code declares, for every workflow the worker runs.
 */
describe(`${DOC}: pinned or auto-upgrade`, () => {
  it('declares a behaviour for every workflow the worker runs', () => {
    const exported = Object.entries(workflows)
      .filter(([, value]) => typeof value === 'function')
      .map(([name]) => name)
      .sort();
    assert.deepEqual(Object.keys(VERSIONING_BEHAVIOURS).sort(), exported);
  });

  it('documents each procedure with the behaviour the code declares', () => {
    const doc = documentedBehaviours();
    const expected = Object.fromEntries(
      Object.entries(VERSIONING_BEHAVIOURS).map(([name, behaviour]) => [
        // The name lock is one row for every lock, not a procedure.
        name === 'lightsailFlowsNameLock'
          ? 'name locks'
          : name === 'lightsailFlowsCallBudget'
            ? 'call budgets'
            : name,
        behaviour === 'PINNED' ? 'pinned' : 'auto-upgrade',
      ]),
    );
    assert.deepEqual(doc, expected);
  });
});
