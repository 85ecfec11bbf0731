import { strict as assert } from 'node:assert';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { COMPOSE_VERSION, provisionComposeCli } from '../../src/dev/compose-cli';

interface Service {
  image?: string;
  profiles?: string[];
  depends_on?: Record<string, { condition: string }>;
  environment?: Record<string, string | null>;
  volumes?: string[];
  entrypoint?: string[];
  healthcheck?: { test: string[] };
}

const compose = parse(readFileSync('docker-compose.yml', 'utf8')) as { services: Record<string, Service> };
const services = compose.services;
const service = (name: string): Service => {
  const s = services[name];
  assert.ok(s, `service ${name}`);
  return s;
};

/**
 * Compose v2 for `config`, which needs no Docker engine: the pinned binary src/dev/compose-cli.ts
 * downloads once into the user's cache folder (amd64 Linux), else the `docker compose` plugin or
 * `docker-compose` v2 on the PATH; otherwise the reason none can be had, for the skip.
 */
const runs = (command: string, args: string[]) => {
  const r = spawnSync(command, args, { encoding: 'utf8' });
  return r.status === 0 && /v?2\./.test(r.stdout);
};
async function findCompose(): Promise<{ command: string[]; source: string } | { reason: string }> {
  const provisioned = await provisionComposeCli((line) => console.log(`      ${line}`));
  if (provisioned.path !== undefined)
    return { command: [provisioned.path], source: `Compose ${COMPOSE_VERSION}, ${provisioned.source}` };
  if (runs('docker', ['compose', 'version', '--short']))
    return { command: ['docker', 'compose'], source: 'docker compose' };
  if (runs('docker-compose', ['version', '--short']))
    return { command: ['docker-compose'], source: 'docker-compose' };
  return { reason: `no Compose v2: ${provisioned.reason}, and no \`docker compose\` v2 on the PATH` };
}

/** The variables the file interpolates, and none of the COMPOSE_* ones that would change what it reads. */
function composeEnv(overrides: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('COMPOSE_')));
  // ${POSTGRES_PASSWORD:?...} is required; POSTGRES_USER has a default; the AWS variables pass through unset.
  return { ...env, POSTGRES_PASSWORD: 'x', ...overrides };
}

describe('docker-compose.yml', () => {
  it('sets the Temporal schema up with a one-shot admin-tools job, then starts temporalio/server, then registers the namespace', () => {
    const images = Object.values(services).map((s) => s.image ?? '');
    assert.ok(!images.some((i) => i.includes('auto-setup')), 'auto-setup is for development only');
    const server = /^temporalio\/server:(\d+)\.(\d+)\.(\d+)$/.exec(service('temporal').image!);
    assert.ok(server, service('temporal').image);
    // The dev server of `npm run dev` is Temporal CLI 1.9.1, which is Server 1.32: no older here.
    assert.ok(Number(server[1]) > 1 || Number(server[2]) >= 32, `server ${server[0]} is older than 1.32`);
    const version = server.slice(1).join('.');
    assert.equal(service('temporal-schema').image, `temporalio/admin-tools:${version}`);
    assert.equal(service('temporal-namespace').image, `temporalio/admin-tools:${version}`);

    assert.deepEqual(service('temporal-schema').depends_on, { postgresql: { condition: 'service_healthy' } });
    assert.deepEqual(service('temporal').depends_on, {
      'temporal-schema': { condition: 'service_completed_successfully' },
    });
    assert.deepEqual(service('temporal-namespace').depends_on, {
      temporal: { condition: 'service_healthy' },
    });
    for (const name of ['worker', 'temporal-ui']) {
      assert.deepEqual(service(name).depends_on, {
        'temporal-namespace': { condition: 'service_completed_successfully' },
      });
    }
  });

  it('mounts scripts that exist, parse, and run create, setup-schema and update-schema for both stores', () => {
    for (const s of Object.values(services)) {
      for (const volume of s.volumes ?? []) {
        const source = volume.split(':')[0]!;
        if (source.startsWith('./')) assert.ok(existsSync(source), `${source} is mounted but does not exist`);
      }
    }
    const schema = readFileSync('compose/temporal/setup-schema.sh', 'utf8');
    for (const step of ['create', 'setup-schema -v 0.0', 'update-schema -d'])
      assert.ok(schema.includes(step), step);
    assert.match(schema, /for db in temporal temporal_visibility/);
    assert.match(schema, /\/temporal\/versioned/);
    assert.match(schema, /\/visibility\/versioned/);
    const namespace = readFileSync('compose/temporal/create-namespace.sh', 'utf8');
    assert.match(namespace, /temporal operator namespace create/);
    for (const attribute of [
      'LightsailProcedure',
      'LightsailRegions',
      'LightsailResources',
      'LightsailTrigger',
    ]) {
      assert.ok(namespace.includes(`--name ${attribute}`), attribute);
    }
    for (const script of ['compose/temporal/setup-schema.sh', 'compose/temporal/create-namespace.sh']) {
      execFileSync('sh', ['-n', script]);
    }
    assert.deepEqual(service('temporal-schema').entrypoint, ['/bin/sh', '/setup-schema.sh']);
    assert.deepEqual(service('temporal-namespace').entrypoint, ['/bin/sh', '/create-namespace.sh']);
  });

  it('keeps Prometheus and Grafana in the observability profile, scraping the port the worker serves', () => {
    for (const [name, s] of Object.entries(services)) {
      const optional = name === 'prometheus' || name === 'grafana';
      assert.deepEqual(s.profiles, optional ? ['observability'] : undefined, name);
    }
    const address = service('worker').environment!.LIGHTSAIL_FLOWS_METRICS_ADDRESS!;
    const port = address.split(':').at(-1)!;
    const scrape = readFileSync('compose/prometheus/prometheus.yml', 'utf8');
    assert.ok(scrape.includes(`'worker:${port}'`), `prometheus.yml scrapes worker:${port}`);
  });

  it("checks the worker's health with a command that passes on a ready answer and fails otherwise", async () => {
    const test = service('worker').healthcheck!.test;
    assert.deepEqual(test.slice(0, 3), ['CMD', 'node', '-e']);
    assert.match(test[3]!, /127\.0\.0\.1:9464\/readyz/);
    let status = 200;
    const server = createServer((req, res) => {
      res.writeHead(req.url === '/readyz' ? status : 404).end('{}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const probe = () =>
      new Promise<number | null>((resolve) => {
        const child = spawn(process.execPath, [
          '-e',
          test[3]!.replace('127.0.0.1:9464', `127.0.0.1:${port}`),
        ]);
        child.on('close', resolve);
      });
    try {
      assert.equal(await probe(), 0, 'ready');
      status = 503;
      assert.equal(await probe(), 1, 'not ready');
    } finally {
      server.close();
    }
  });

  describe('as Compose v2 reads it (`config`, no engine needed)', () => {
    let compose: Awaited<ReturnType<typeof findCompose>>;
    before(async function () {
      // The first run on a machine downloads 13 MB; a wrong sha256 fails here rather than skipping.
      this.timeout(240_000);
      compose = await findCompose();
      if ('source' in compose) console.log(`      (with ${compose.source})`);
    });
    const config = (args: string[], env: NodeJS.ProcessEnv = {}) => {
      if (!('command' in compose)) throw new Error('no compose');
      const [command, ...prefix] = compose.command;
      return spawnSync(command!, [...prefix, ...args], { env: composeEnv(env), encoding: 'utf8' });
    };
    const skipWithout = (ctx: Mocha.Context) => {
      if ('reason' in compose) {
        ctx.test!.title += ` (skipped: ${compose.reason})`;
        ctx.skip();
      }
    };
    const profiles = [...new Set(Object.values(services).flatMap((s) => s.profiles ?? []))].sort();

    it('loads without errors with and without each profile', function () {
      skipWithout(this);
      assert.deepEqual(profiles, ['observability']);
      for (const args of [[], ...profiles.map((p) => ['--profile', p])]) {
        const r = config(['-f', 'docker-compose.yml', ...args, 'config', '--quiet']);
        assert.equal(r.status, 0, `config --quiet ${args.join(' ')}: ${r.stderr}`);
      }
    });

    it('lists the core services, and Prometheus and Grafana only with the profile', function () {
      skipWithout(this);
      const list = (...args: string[]) => {
        const r = config(['-f', 'docker-compose.yml', ...args, 'config', '--services']);
        assert.equal(r.status, 0, r.stderr);
        return r.stdout.trim().split('\n').sort();
      };
      const core = [
        'postgresql',
        'temporal',
        'temporal-namespace',
        'temporal-schema',
        'temporal-ui',
        'worker',
      ];
      assert.deepEqual(list(), core);
      assert.deepEqual(list('--profile', 'observability'), [...core, 'grafana', 'prometheus'].sort());
    });

    it('refuses the file without POSTGRES_PASSWORD, naming the variable', function () {
      skipWithout(this);
      const missing = config(['-f', 'docker-compose.yml', 'config', '--quiet'], { POSTGRES_PASSWORD: '' });
      assert.notEqual(missing.status, 0);
      assert.match(missing.stderr, /POSTGRES_PASSWORD/);
    });

    it('refuses a broken copy: an unknown top-level key, a dependency on no service', function () {
      skipWithout(this);
      const dir = mkdtempSync(join(tmpdir(), 'compose-check-'));
      try {
        const check = (name: string, edit: (doc: Record<string, unknown>) => void) => {
          const doc = parse(readFileSync('docker-compose.yml', 'utf8')) as Record<string, unknown>;
          edit(doc);
          const file = join(dir, name);
          writeFileSync(file, stringify(doc));
          // The checkout is the project folder, so ./compose/... resolves as for the real file.
          return config(['-f', file, '--project-directory', '.', 'config', '--quiet']);
        };
        // The copy itself loads: what is refused below is the edit, not the round trip.
        const same = check('same.yml', () => undefined);
        assert.equal(same.status, 0, same.stderr);
        const unknownKey = check('unknown-key.yml', (doc) => {
          doc.servicez = {};
        });
        assert.notEqual(unknownKey.status, 0);
        assert.match(unknownKey.stderr, /servicez/);
        const badDependency = check('bad-depends-on.yml', (doc) => {
          (doc.services as Record<string, Service>).worker!.depends_on = {
            'temporal-namespaces': { condition: 'service_completed_successfully' },
          };
        });
        assert.notEqual(badDependency.status, 0);
        assert.match(badDependency.stderr, /temporal-namespaces/);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });
});
