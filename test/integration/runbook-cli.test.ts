import { strict as assert } from 'node:assert';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sha256Hex } from '../../src/runbooks/sha256';
import type { Plan } from '../../src/plan/plan';
import type { RunbookResult } from '../../src/schemas/runbook';
import { uniqueName } from '../support/fixtures';
import { runCli } from '../support/run-cli';
import { createTaggedInstances, EXAMPLE_RUNBOOKS, exampleRunbook } from '../support/runbook-fixtures';
import { stackCliEnv, testStack, type TestStack } from '../support/stack';

const PATCH_FLEET = join(EXAMPLE_RUNBOOKS, 'patch-fleet.yaml');

describe('lightsail-flows runbook validate, runbook plan and start runbook', function () {
  this.timeout(180_000);
  let stack: TestStack;
  let env: NodeJS.ProcessEnv;
  const dir = mkdtempSync(join(tmpdir(), 'runbook-cli-'));

  before(async function () {
    this.timeout(600_000);
    stack = await testStack();
    env = { ...stackCliEnv(stack), LIGHTSAIL_FLOWS_RUNBOOKS_DIR: dir };
  });

  it('validate prints every problem as FILE:LINE: path: rule and exits 2; a good runbook exits 0', async () => {
    const bad = join(dir, 'bad.yaml');
    writeFileSync(
      bad,
      'runbook: bad\nregion: us-east-1\nsteps:\n  - id: a\n    call: RebootInstance\n    params: { instanceName: w, force: true }\n  - id: b\n    fail: "${{ steps.zz }}"\n',
    );
    const refused = await runCli(['runbook', 'validate', bad], env);
    assert.equal(refused.code, 2, refused.stderr);
    assert.match(
      refused.stderr,
      new RegExp(`${bad}:6: steps\\[0\\]\\.params\\.force: RebootInstance: is not a parameter`),
    );
    assert.match(
      refused.stderr,
      new RegExp(`${bad}:7: steps\\[1\\]: step "b" reads steps.zz, but there is no step "zz"`),
    );
    assert.match(refused.stderr, /2 problem\(s\); nothing was run/);
    assert.doesNotMatch(refused.stderr, /\n\s+at /, 'no stack trace');
    const ok = await runCli(['runbook', 'validate', PATCH_FLEET], env);
    assert.equal(ok.code, 0, ok.stderr);
    assert.match(
      ok.stdout,
      new RegExp(
        `runbook patch-fleet is valid \\(2 step\\(s\\), sha256 ${sha256Hex(exampleRunbook('patch-fleet.yaml')).slice(0, 12)}\\)`,
      ),
    );
  });

  it("plan reads the fleet and lists each instance's steps with its parameters, changing nothing", async () => {
    const tag = { key: 'env', value: uniqueName('plan') };
    const [a, b] = [uniqueName('plan-a'), uniqueName('plan-b')];
    await createTaggedInstances(stack.clients, 'us-east-1', [a, b], tag);
    await stack.control.clearAudit();
    const run = await runCli(
      ['runbook', 'plan', PATCH_FLEET, '--set', `tagValue=${tag.value}`, '--json'],
      env,
    );
    assert.equal(run.code, 0, run.stderr);
    const plan = JSON.parse(run.stdout) as Plan;
    const titles = plan.steps.map((s) => s.title);
    assert.ok(
      titles.some((t) => t.startsWith('patch: for each of 2 item(s), 1 at a time')),
      titles.join('\n'),
    );
    assert.ok(
      titles.some((t) =>
        t.startsWith(`patch[${a}].snapshot: CreateInstanceSnapshot in us-east-1 {"instanceName":"${a}"`),
      ),
      titles.join('\n'),
    );
    assert.ok(
      titles.some((t) => t.startsWith(`patch[${b}].reboot: RebootInstance in us-east-1`)),
      titles.join('\n'),
    );
    const changing = (await stack.control.audit()).filter((c) => !/^Get/.test(c.action));
    assert.deepEqual(changing, [], 'the plan only read');
  });

  it('start runbook --file --set runs it; --name runs the registered copy; unknown names and bad parameters exit 2', async () => {
    const tag = { key: 'env', value: uniqueName('cli') };
    const instance = uniqueName('cli');
    await createTaggedInstances(stack.clients, 'us-east-1', [instance], tag);
    const started = await runCli(
      ['start', 'runbook', '--file', PATCH_FLEET, '--set', `tagValue=${tag.value}`, '--wait'],
      env,
    );
    assert.equal(started.code, 0, started.stderr);
    assert.deepEqual((JSON.parse(started.stdout) as RunbookResult).outputs.patched, [instance]);

    writeFileSync(join(dir, 'patch-fleet.yaml'), exampleRunbook('patch-fleet.yaml'));
    const named = await runCli(
      ['start', 'runbook', '--name', 'patch-fleet', '--set', `tagValue=${tag.value}`, '--wait'],
      env,
    );
    assert.equal(named.code, 0, named.stderr);
    assert.equal(
      (JSON.parse(named.stdout) as RunbookResult).sha256,
      sha256Hex(exampleRunbook('patch-fleet.yaml')),
    );

    const unknown = await runCli(['start', 'runbook', '--name', 'nope'], env);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /runbook\.name: no runbook "nope" in .* \(registered: bad, patch-fleet\)/);
    const badParam = await runCli(['start', 'runbook', '--file', PATCH_FLEET, '--set', 'port=eighty'], env);
    assert.equal(badParam.code, 2);
    assert.match(badParam.stderr, /params\.port: must be an integer, got "eighty"/);
  });
});
