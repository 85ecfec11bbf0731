import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RUNBOOK_SCHEMA_FILE, runbookSchemaFileText } from '../../scripts/write-runbook-schema';
import { bindTemplates, resolveTemplates, stepReferences, type Scope } from '../../src/runbooks/expressions';
import { readBackOf } from '../../src/runbooks/service-model';
import { sha256Hex } from '../../src/runbooks/sha256';
import { validateRunbook } from '../../src/runbooks/validate';

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

  it("reads back what a create made by the model's names, or says it cannot", () => {
    assert.deepEqual(readBackOf('CreateInstances', { instanceNames: ['web-1'], bundleId: 'x' }), {
      action: 'GetInstance',
      params: { instanceName: 'web-1' },
    });
    assert.deepEqual(readBackOf('CreateInstanceSnapshot', { instanceSnapshotName: 's', instanceName: 'w' }), {
      action: 'GetInstanceSnapshot',
      params: { instanceSnapshotName: 's' },
    });
    assert.equal(readBackOf('CreateInstances', { instanceNames: ['a', 'b'] }), undefined);
    assert.equal(readBackOf('CreateBucket', { bucketName: 'b' }), undefined);
    assert.equal(readBackOf('RebootInstance', { instanceName: 'w' }), undefined);
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

describe('The runbooks the README and docs/runbooks.md show', () => {
  /** The first ```yaml block after a heading. */
  const yamlAfter = (file: string, heading: string) => {
    const text = readFileSync(join(__dirname, '..', '..', file), 'utf8');
    const from = text.indexOf(heading);
    const block = /```yaml\n([\s\S]*?)```/.exec(text.slice(from));
    assert.ok(from >= 0 && block, `${file} has a yaml block after "${heading}"`);
    return block[1]!;
  };

  it("README's fleet patching is a valid runbook, as a user would copy it", () => {
    const { runbook, issues } = validateRunbook(yamlAfter('README.md', '### Your own runbook'));
    assert.deepEqual(issues, []);
    assert.equal(runbook?.runbook, 'patch-fleet');
  });

  it("docs/runbooks.md's document example is valid", () => {
    assert.deepEqual(validateRunbook(yamlAfter('docs/runbooks.md', '## The document')).issues, []);
  });
});
