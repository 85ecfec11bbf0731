import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, rmSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

interface Entry {
  from: 'build' | 'source';
  reason: string;
  main: string;
}
const { chooseEntry } = createRequire(__filename)('../../bin/entry.cjs') as {
  chooseEntry: (root: string) => Entry;
};

/** A file with its modification time set, in seconds since the epoch. */
function file(path: string, mtimeSeconds: number, content = ''): void {
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, content);
  utimesSync(path, mtimeSeconds, mtimeSeconds);
}

describe('which code bin/lightsail-flows.cjs runs (bin/entry.cjs)', () => {
  // An hour ago (seconds): a file deleted now changes its folder after the build.
  const BUILD_STARTED = Math.floor(Date.now() / 1000) - 3600;
  let root: string;

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'cli-entry-'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  function checkout(): void {
    for (const f of [
      'src/cli/main.ts',
      'src/worker.ts',
      'workflows/index.ts',
      'activities/index.ts',
      'package.json',
    ]) {
      file(join(root, f), BUILD_STARTED - 100);
    }
    for (const dir of ['src/cli', 'src', 'workflows', 'activities']) {
      utimesSync(join(root, dir), BUILD_STARTED - 100, BUILD_STARTED - 100);
    }
  }

  function build(): void {
    file(join(root, 'dist/src/cli/main.js'), BUILD_STARTED + 20);
    file(
      join(root, 'dist/build-info.json'),
      BUILD_STARTED + 20,
      JSON.stringify({ buildId: 'x', startedAtMs: BUILD_STARTED * 1000 }),
    );
  }

  it('runs the build where there are no sources, as in the image', () => {
    build();
    assert.deepEqual(chooseEntry(root), {
      from: 'build',
      reason: 'no sources beside the build',
      main: join(root, 'dist/src/cli/main.js'),
    });
  });

  it('runs the sources in a checkout without a build', () => {
    checkout();
    const entry = chooseEntry(root);
    assert.equal(entry.from, 'source');
    assert.equal(entry.main, join(root, 'src/cli/main.ts'));
    assert.match(entry.reason, /no build/);
  });

  it('runs the build in a checkout where no source changed after the build started', () => {
    checkout();
    build();
    assert.equal(chooseEntry(root).from, 'build');
  });

  it('runs the sources when a source file changed after the build started, naming it', () => {
    checkout();
    build();
    // Saved during the build: after it started, before it ended.
    utimesSync(join(root, 'src/worker.ts'), BUILD_STARTED + 10, BUILD_STARTED + 10);
    assert.deepEqual(chooseEntry(root), {
      from: 'source',
      reason: `${join(root, 'src/worker.ts')} changed after the build`,
      main: join(root, 'src/cli/main.ts'),
    });
  });

  it('runs the sources when a source file was deleted after the build (its folder changed)', () => {
    checkout();
    build();
    unlinkSync(join(root, 'activities/index.ts'));
    const entry = chooseEntry(root);
    assert.equal(entry.from, 'source');
    assert.equal(entry.reason, `${join(root, 'activities')} changed after the build`);
  });

  it('runs the sources when the build is incomplete (no compiled CLI)', () => {
    checkout();
    build();
    unlinkSync(join(root, 'dist/src/cli/main.js'));
    assert.deepEqual(chooseEntry(root).from, 'source');
  });
});
