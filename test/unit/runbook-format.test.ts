import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { RUNBOOK_SCHEMA_FILE, runbookSchemaFileText } from '../../scripts/write-runbook-schema';
import { bindTemplates, resolveTemplates, stepReferences, type Scope } from '../../src/runbooks/expressions';
import { sha256Hex } from '../../src/runbooks/sha256';

describe('The runbook format', () => {
  it("docs/runbook.schema.json is the JSON Schema of today's format (npm run docs:runbook-schema rewrites it)", async () => {
    assert.equal(readFileSync(RUNBOOK_SCHEMA_FILE, 'utf8'), await runbookSchemaFileText());
  });

  it('hashes runbook text as node:crypto does, whatever the characters and lengths', () => {
    for (const text of [
      '',
      'abc',
      'é€😀 runbook\n'.repeat(40),
      'x'.repeat(55),
      'x'.repeat(56),
      'x'.repeat(64),
    ]) {
      assert.equal(sha256Hex(text), createHash('sha256').update(text).digest('hex'));
    }
  });

  it('finds the steps an expression reads from the top of the scope only', () => {
    assert.deepEqual(stepReferences('steps.a.instances[?name == `x`]'), ['a']);
    assert.deepEqual(stepReferences('steps.g[*].x'), ['g']);
    assert.deepEqual(stepReferences('length(steps.c) > `1` && steps.d'), ['c', 'd']);
    assert.deepEqual(stepReferences('steps.patch[].steps.snapshot.name'), ['patch']);
    assert.deepEqual(stepReferences("'steps.z'"), []);
  });

  it('fills ${{ }} as values alone and as text inside text, and binds them as literals into bare expressions', () => {
    const scope: Scope = {
      params: { env: 'prod', n: 2 },
      steps: {},
      run: { id: 'r', suffix: 's' },
      item: 'web-1',
    };
    assert.deepEqual(
      resolveTemplates(
        { a: '${{ params.n }}', b: '${{ item }}-${{ params.n }}', c: ['${{ params }}'] },
        scope,
      ),
      {
        a: 2,
        b: 'web-1-2',
        c: [{ env: 'prod', n: 2 }],
      },
    );
    assert.equal(bindTemplates('tags[?value == ${{ params.env }}]', scope), 'tags[?value == `"prod"`]');
  });
});
