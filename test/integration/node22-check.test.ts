import { strict as assert } from 'node:assert';
import { spawnCommand } from '../support/cli-process';

describe('the Node.js 22 check of docs/development.md', () => {
  it('`npm run test:node22` type-checks and runs the unit tests on the pinned Node.js 22, and passes', async function () {
    // Provisions Node 22 (once per machine), then tsc and every unit test: about a minute.
    this.timeout(600_000);
    const run = await spawnCommand('npm', ['run', 'test:node22'], process.env).done;
    assert.equal(run.code, 0, `${run.stdout}\n${run.stderr}`);
    assert.match(run.stdout, /^Node\.js v22\.\d+\.\d+ \(.*\)$/m, 'the unit tests ran on Node.js 22');
    assert.match(run.stdout, /^ {2}\d+ passing/m);
    assert.doesNotMatch(run.stdout, /^ {2}\d+ failing/m);
  });
});
