import { strict as assert } from 'node:assert';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cliCachePath, provisionTemporalCli, TemporalCliUnavailable } from '../../src/dev/temporal-cli';

function executable(path: string, body = 'exit 0'): string {
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, `#!/bin/sh\n${body}\n`);
  chmodSync(path, 0o755);
  return path;
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

  it('uses the binary cached outside the checkout', async () => {
    const cached = executable(cliCachePath(env));
    const cli = await provisionTemporalCli(log, env);
    assert.deepEqual(cli, { source: 'cache', executable: { type: 'existing-path', path: cached } });
  });

  it('builds with go install into the cache once, saying so, and reuses the build afterwards', async () => {
    const goLog = join(dir, 'go-calls');
    executable(
      join(dir, 'go-bin', 'go'),
      `echo "$@" >> ${goLog}\nmkdir -p "$GOBIN" && printf '#!/bin/sh\\n' > "$GOBIN/temporal" && chmod +x "$GOBIN/temporal"`,
    );
    const withGo = { ...env, PATH: join(dir, 'go-bin') };
    const first = await provisionTemporalCli(log, withGo);
    assert.deepEqual(first, {
      source: 'go install',
      executable: { type: 'existing-path', path: cliCachePath(env) },
    });
    assert.match(
      lines.join('\n'),
      /go install github\.com\/temporalio\/cli\/cmd\/temporal@v1\.5\.1.*takes a few minutes/s,
    );
    const second = await provisionTemporalCli(log, withGo);
    assert.equal(second.source, 'cache');
    assert.equal(readFileSync(goLog, 'utf8').trim().split('\n').length, 1, 'go install ran once');
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
});
