import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CopySnapshotResult } from '../../src/schemas/copy-snapshot';
import { createInstanceSnapshot, uniqueName } from '../support/fixtures';
import { TEST_POLL, testStack, type TestStack } from '../support/stack';

const BIN = join(__dirname, '..', '..', 'bin', 'lightsail-flows.cjs');

interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the real command as a child process, as a user's shell would. */
function cli(args: string[], env: NodeJS.ProcessEnv): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('lightsail-flows start copy-snapshot, as a child process', function () {
  this.timeout(120_000);
  let stack: TestStack;
  let dir: string;
  let env: NodeJS.ProcessEnv;

  before(async function () {
    this.timeout(600_000);
    stack = await testStack();
    dir = mkdtempSync(join(tmpdir(), 'cli-test-'));
    env = {
      TEMPORAL_ADDRESS: stack.env.address,
      TEMPORAL_NAMESPACE: 'default',
      LIGHTSAIL_FLOWS_TASK_QUEUE: stack.sharedTaskQueue,
    };
  });

  function inputFile(input: unknown): string {
    const path = join(dir, `${uniqueName('input')}.json`);
    writeFileSync(path, JSON.stringify(input));
    return path;
  }

  it('starts a copy, prints each step as it ends, and prints the result when run with --wait', async () => {
    const { snapshotName } = await createInstanceSnapshot(stack.clients, 'us-east-1', 'cli');
    const input = inputFile({
      sourceRegion: 'us-east-1',
      targetRegions: ['eu-west-1'],
      source: { type: 'manual', snapshotName },
      poll: TEST_POLL,
    });
    const run = await cli(['start', 'copy-snapshot', '--input', input, '--wait'], env);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stderr, /Started copy-snapshot as run copy-snapshot-/);
    for (const step of [
      'Check source in us-east-1',
      'Copy to eu-west-1',
      'Wait for the copy in eu-west-1',
      'Tag the copy in eu-west-1',
    ]) {
      assert.match(run.stderr, new RegExp(`✓ ${step} \\(\\d+\\.\\d s\\)`));
    }
    const result = JSON.parse(run.stdout) as CopySnapshotResult;
    assert.equal(result.copies[0]?.region, 'eu-west-1');
  });

  it('exits 1 with the failure message when the run fails', async () => {
    const missing = uniqueName('missing');
    const input = inputFile({
      sourceRegion: 'us-east-1',
      targetRegions: 'eu-west-1',
      source: { type: 'manual', snapshotName: missing },
      poll: TEST_POLL,
    });
    const run = await cli(['start', 'copy-snapshot', '--input', input, '--wait'], env);
    assert.equal(run.code, 1);
    assert.match(
      run.stderr,
      new RegExp(`failed: SourceNotFound: Source snapshot "${missing}" was not found in us-east-1`),
    );
  });

  it('refuses a bad input with exit code 2, naming the field and the rule, and showing an example', async () => {
    const input = inputFile({
      sourceRegion: 'us-east-1',
      targetRegions: ['atlantis-1'],
      source: { type: 'manual' },
    });
    const run = await cli(['start', 'copy-snapshot', '--input', input, '--wait'], env);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /targetRegions\[0\]: must be a Lightsail region/);
    assert.match(run.stderr, /source\.snapshotName: /);
    assert.match(run.stderr, /Example input:/);
    assert.doesNotMatch(run.stderr, /Started/);
  });

  it('does not start a second run for a repeated --id', async () => {
    const { snapshotName } = await createInstanceSnapshot(stack.clients, 'us-east-1', 'cli-id');
    const input = inputFile({
      sourceRegion: 'us-east-1',
      targetRegions: 'eu-west-1',
      source: { type: 'manual', snapshotName },
      targetSnapshotName: `${snapshotName}-once`,
      poll: TEST_POLL,
    });
    const id = uniqueName('nightly');
    const first = await cli(['start', 'copy-snapshot', '--input', input, '--id', id, '--wait'], env);
    assert.equal(first.code, 0, first.stderr);
    const second = await cli(['start', 'copy-snapshot', '--input', input, '--id', id], env);
    assert.equal(second.code, 0, second.stderr);
    assert.match(second.stderr, new RegExp(`A run with id ${id} already exists; not starting another`));
    const copies = (await stack.control.audit({ action: 'CopySnapshot' })).filter((c) =>
      JSON.stringify(c.params).includes(`${snapshotName}-once`),
    );
    assert.equal(copies.length, 1);
  });

  it('names the variable when the configuration is bad, with exit code 2', async () => {
    const input = inputFile({
      sourceRegion: 'us-east-1',
      targetRegions: 'eu-west-1',
      source: { type: 'manual', snapshotName: 'x1' },
    });
    const run = await cli(['start', 'copy-snapshot', '--input', input], {
      ...env,
      TEMPORAL_ADDRESS: 'nonsense',
    });
    assert.equal(run.code, 2);
    assert.match(run.stderr, /TEMPORAL_ADDRESS: must be host:port/);
  });
});
