import { strict as assert } from 'node:assert';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parse } from 'yaml';

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
 * Compose v2 as this machine has it: the Docker CLI plugin, or the same binary standalone on the
 * PATH as `docker-compose`; neither needs a Docker engine for `config`. CI here has a Docker
 * client without the plugin.
 */
const runs = (command: string, args: string[]) => spawnSync(command, args, { stdio: 'ignore' }).status === 0;
const composeCommand: string[] | undefined = runs('docker', ['compose', 'version'])
  ? ['docker', 'compose']
  : runs('docker-compose', ['version'])
    ? ['docker-compose']
    : undefined;

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

  it('is what `docker compose config` reads, with and without the observability profile', function () {
    if (!composeCommand) {
      // No Compose on this machine: the checks above read the same file with a YAML parser.
      this.skip();
    }
    const [command, ...prefix] = composeCommand;
    const env = { ...process.env, POSTGRES_PASSWORD: 'x' };
    const services = (...args: string[]) =>
      execFileSync(command!, [...prefix, ...args, 'config', '--services'], { env, encoding: 'utf8' })
        .trim()
        .split('\n')
        .sort();
    const core = ['postgresql', 'temporal', 'temporal-namespace', 'temporal-schema', 'temporal-ui', 'worker'];
    assert.deepEqual(services(), core);
    assert.deepEqual(services('--profile', 'observability'), [...core, 'grafana', 'prometheus'].sort());
    // Without the database password the file refuses to load, naming the variable.
    const missing = spawnSync(command!, [...prefix, 'config', '--quiet'], {
      env: { ...process.env, POSTGRES_PASSWORD: '' },
      encoding: 'utf8',
    });
    assert.notEqual(missing.status, 0);
    assert.match(missing.stderr, /POSTGRES_PASSWORD/);
  });
});
