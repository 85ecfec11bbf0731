import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
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
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { findOnPath } from '../../src/dev/executables';
import { arMembers, ComposeDebMismatch, provisionComposeCli } from '../../src/dev/compose-cli';

/** An `ar` archive as GNU ar writes a .deb: names ending in "/", odd members padded with "\n". */
function ar(members: Record<string, Buffer>): Buffer {
  const parts: Buffer[] = [Buffer.from('!<arch>\n')];
  for (const [name, content] of Object.entries(members)) {
    const field = (value: string | number, width: number) => String(value).padEnd(width, ' ');
    const header =
      field(`${name}/`, 16) +
      field(0, 12) +
      field(0, 6) +
      field(0, 6) +
      field(100644, 8) +
      field(content.length, 10) +
      '`\n';
    parts.push(Buffer.from(header, 'latin1'), content);
    if (content.length % 2) parts.push(Buffer.from('\n'));
  }
  return Buffer.concat(parts);
}

/** A .deb whose data.tar.xz holds a docker-compose script that prints `said`. */
function fakeDeb(dir: string, said: string): Buffer {
  const root = join(dir, 'root');
  const binary = join(root, 'usr/libexec/docker/cli-plugins/docker-compose');
  mkdirSync(dirname(binary), { recursive: true });
  writeFileSync(binary, `#!/bin/sh\necho ${said}\n`);
  chmodSync(binary, 0o644);
  execFileSync('tar', ['-cJf', join(dir, 'data.tar.xz'), './usr'], { cwd: root });
  return ar({
    'debian-binary': Buffer.from('2.0\n'),
    'control.tar.xz': Buffer.from('not read'),
    'data.tar.xz': readFileSync(join(dir, 'data.tar.xz')),
  });
}

const pin = (bytes: Buffer, url: string) => ({
  url,
  size: bytes.length,
  sha256: createHash('sha256').update(bytes).digest('hex'),
});

describe('provisionComposeCli', () => {
  let dir: string;
  let server: Server;
  let url: string;
  let served: Buffer;
  let requests: number;
  const lines: string[] = [];
  const log = (line: string) => lines.push(line);

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'compose-cli-'));
    lines.length = 0;
    requests = 0;
    server = createServer((_req, res) => {
      requests++;
      res.end(served);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/docker-compose.deb`;
  });
  afterEach(() => {
    server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('reads the members of an ar archive, odd sizes and GNU names included', () => {
    const members = arMembers(
      ar({ 'debian-binary': Buffer.from('2.0\n'), odd: Buffer.from('abc'), last: Buffer.from('z') }),
    );
    assert.deepEqual(
      members.map((m) => [m.name, m.content.toString()]),
      [
        ['debian-binary', '2.0\n'],
        ['odd', 'abc'],
        ['last', 'z'],
      ],
    );
    assert.throws(() => arMembers(Buffer.from('PK\x03\x04')), /not an ar archive/);
  });

  it('downloads once, checks the pin, unpacks the binary atomically and then reuses it', async function () {
    // The fake package is made, and the real one unpacked, with `tar -J`.
    if (!findOnPath('xz', process.env.PATH ?? '')) this.skip();
    served = fakeDeb(dir, 'compose-from-deb');
    const target = join(dir, 'cache', 'docker-compose');
    const options = { platform: 'linux' as const, arch: 'x64', deb: pin(served, url), target };
    const first = await provisionComposeCli(log, options);
    assert.deepEqual(first, { path: target, source: 'download' });
    assert.equal(execFileSync(target, { encoding: 'utf8' }).trim(), 'compose-from-deb');
    assert.ok(
      lines.some((l) => /Downloading Docker Compose .*: done in \d+ s/.test(l)),
      lines.join('\n'),
    );
    // Nothing left beside the binary: the work folder is gone.
    assert.deepEqual(readdirSync(dirname(target)), ['docker-compose']);
    const second = await provisionComposeCli(log, options);
    assert.deepEqual(second, { path: target, source: 'cache' });
    assert.equal(requests, 1);
  });

  it('refuses a download that is not the pinned file, leaving nothing behind', async function () {
    if (!findOnPath('xz', process.env.PATH ?? '')) this.skip();
    served = fakeDeb(dir, 'tampered');
    const target = join(dir, 'cache', 'docker-compose');
    const deb = { ...pin(served, url), sha256: '0'.repeat(64) };
    await assert.rejects(
      provisionComposeCli(log, { platform: 'linux', arch: 'x64', deb, target }),
      (err: Error) => err instanceof ComposeDebMismatch && /Nothing was unpacked/.test(err.message),
    );
    assert.ok(!existsSync(target));
    assert.deepEqual(readdirSync(dirname(target)), []);
  });

  it('says why not without a network or on another platform, so the compose test can skip', async () => {
    const target = join(dir, 'cache', 'docker-compose');
    server.close();
    const offline = await provisionComposeCli(log, {
      platform: 'linux',
      arch: 'x64',
      deb: { url, size: 1, sha256: '0'.repeat(64) },
      target,
    });
    assert.equal(offline.path, undefined);
    assert.match(
      'reason' in offline ? offline.reason : '',
      /^downloading http:\/\/127\.0\.0\.1:\d+\/docker-compose\.deb failed/,
    );
    const mac = await provisionComposeCli(log, { platform: 'darwin', arch: 'arm64', target });
    assert.deepEqual(mac, {
      path: undefined,
      reason: 'the pinned Compose v2 is a Debian amd64 package; this is darwin-arm64',
    });
  });
});
