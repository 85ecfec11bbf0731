import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnCommand } from '../support/cli-process';

/** The pinned versions, as scripts/node-runtime.mjs pins them. */
const NODE_24 = '24.22.3';
const PLATFORM = `${process.platform}-${process.arch}`;

/** `node scripts/node-runtime.mjs <args>` with its cache in `cache`, as .ci/run runs it. */
function provision(args: string[], cache: string) {
  return spawnCommand(process.execPath, ['scripts/node-runtime.mjs', ...args], {
    ...process.env,
    LIGHTSAIL_FLOWS_CACHE_DIR: cache,
  }).done;
}

describe('Node.js provisioning (scripts/node-runtime.mjs)', function () {
  // The registry download is about 50 MB the first time on a machine; npm's cache serves it later.
  this.timeout(180_000);
  let dir: string;
  let cache: string;

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'node-runtime-test-'));
    cache = join(dir, 'cache');
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('downloads the pinned Node.js 24 from the npm registry into an empty cache, saying how long it took, and reuses it afterwards', async function () {
    if (PLATFORM !== 'linux-x64' && PLATFORM !== 'linux-arm64') this.skip();
    const first = await provision(['24'], cache);
    assert.equal(first.code, 0, first.stderr);
    const bin = join(cache, 'node', `v${NODE_24}-${PLATFORM}`, 'bin');
    assert.equal(first.stdout.trim(), bin);
    assert.match(
      first.stderr,
      new RegExp(`Downloading Node\\.js ${NODE_24} \\(\`npm pack node-${PLATFORM}@${NODE_24}\`\\)\\.\\.\\.`),
    );
    assert.match(first.stderr, /: done in \d+ s\n/);
    assert.equal(execFileSync(join(bin, 'node'), ['--version'], { encoding: 'utf8' }).trim(), `v${NODE_24}`);
    assert.deepEqual(
      readdirSync(join(cache, 'node')),
      [`v${NODE_24}-${PLATFORM}`],
      'no temporary folder is left',
    );

    const second = await provision(['24'], cache);
    assert.equal(second.code, 0, second.stderr);
    assert.equal(second.stdout.trim(), bin);
    assert.equal(second.stderr, '', 'a cached Node.js is used without a download');
  });

  it('runs a command with the pinned Node.js first on PATH and passes its exit code on', async function () {
    if (PLATFORM !== 'linux-x64' && PLATFORM !== 'linux-arm64') this.skip();
    // As docs/development.md shows it.
    const version = await provision(['24', '--', 'node', '--version'], cache);
    assert.equal(version.code, 0, version.stderr);
    assert.equal(version.stdout.trim(), `v${NODE_24}`);
    const failing = await provision(['24', '--', 'node', '-e', 'process.exit(7)'], cache);
    assert.equal(failing.code, 7, failing.stderr);
  });

  it('refuses a tarball whose integrity is not the pinned one, installing nothing', async function () {
    if (PLATFORM !== 'linux-x64' && PLATFORM !== 'linux-arm64') this.skip();
    const fake = join(dir, 'node-fake.tgz');
    writeFileSync(fake, 'not the tarball that was checked');
    const emptyCache = join(dir, 'empty-cache');
    const run = await provision(['24', '--tarball', fake], emptyCache);
    assert.equal(run.code, 1);
    assert.match(
      run.stderr,
      new RegExp(
        `^Refusing .*node-fake\\.tgz: its integrity is sha512-\\S+, not the pinned sha512-\\S+ of node-${PLATFORM}@${NODE_24}\\. Nothing was installed\\.`,
      ),
    );
    assert.doesNotMatch(run.stderr, /\n\s+at /, 'no stack trace');
    assert.deepEqual(readdirSync(join(emptyCache, 'node')), [], 'no Node.js and no temporary folder is left');
  });

  it('names the pinned versions when asked for another, without a stack trace', async () => {
    const run = await provision(['23'], join(dir, 'unused'));
    assert.equal(run.code, 1);
    assert.equal(run.stderr.trim(), 'No Node.js 23 is pinned; choose one of 22, 24.');
    assert.ok(!existsSync(join(dir, 'unused')));
  });
});
