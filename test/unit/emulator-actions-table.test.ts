import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRegistry } from '../../src/emulator/resources';
import { REFERENCE_ACTIONS } from '../../src/emulator/reference/actions';
import { coverageTable, familyOf, normalize, tableIn } from '../../src/emulator/reference/coverage';

describe("docs/emulator.md's table of emulated actions", () => {
  it('lists exactly the actions the emulator registers (npm run docs:emulator-actions rewrites it)', () => {
    const doc = readFileSync(join(__dirname, '../../docs/emulator.md'), 'utf8');
    assert.equal(tableIn(doc), normalize(coverageTable(REFERENCE_ACTIONS, createRegistry().names())));
  });

  it('counts every action of the service model implemented: 167 of 167', () => {
    // The table can be current and still short of the model; this holds the emulator to all of it.
    assert.deepEqual([...createRegistry().names()].sort(), REFERENCE_ACTIONS);
    const doc = readFileSync(join(__dirname, '../../docs/emulator.md'), 'utf8');
    assert.match(tableIn(doc), /implements \*\*167 of the 167 actions\*\*/);
  });

  it('puts each action in the family its resource belongs to', () => {
    assert.equal(familyOf('GetLoadBalancerTlsCertificates'), 'Load balancers');
    assert.equal(familyOf('GetDistributionBundles'), 'Distributions');
    assert.equal(familyOf('CreateDiskFromSnapshot'), 'Disks');
    assert.equal(familyOf('UntagResource'), 'Tags');
    assert.equal(familyOf('GetCostEstimate'), 'Account and other');
  });
});
