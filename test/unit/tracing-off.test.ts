import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';

describe('tracing off', function () {
  this.timeout(60_000);
  it('loads neither the OpenTelemetry SDK nor the Temporal tracing interceptors into the worker, the CLI client or the API', () => {
    // A fresh process, so the module cache shows what importing these costs, and nothing else.
    const script = `
      require('./src/worker');
      require('./src/temporal/connect');
      require('./src/api/server');
      const loaded = Object.keys(require.cache).filter((p) =>
        /@opentelemetry[\\\\/](sdk-|exporter-|resources)|interceptors-opentelemetry/.test(p),
      );
      process.stdout.write(JSON.stringify(loaded));
    `;
    const out = execFileSync(process.execPath, ['-r', 'tsx/cjs', '-e', script], {
      encoding: 'utf8',
      env: { ...process.env, OTEL_EXPORTER_OTLP_ENDPOINT: '' },
    });
    assert.deepEqual(JSON.parse(out), []);
  });
});
