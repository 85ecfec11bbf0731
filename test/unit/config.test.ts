import { strict as assert } from 'node:assert';
import {
  ConfigError,
  DEFAULT_AWS_CALLS_PER_SECOND,
  DEFAULT_MAX_CONCURRENT_ACTIVITIES,
  DEFAULT_TASK_QUEUE,
  LOCAL_EMULATOR_CREDENTIALS,
  loadConfig,
} from '../../src/config';

/** An environment without the machine's own TEMPORAL_* or AWS variables. */
const clean = { HOME: '/nonexistent', TEMPORAL_CONFIG_FILE: '/nonexistent/temporal.toml' };

describe('configuration', () => {
  it('defaults to localhost:7233, namespace default, task queue lightsail-flows and real AWS', () => {
    const config = loadConfig(clean);
    assert.equal(config.temporal.connection.address, 'localhost:7233');
    assert.equal(config.temporal.namespace, 'default');
    assert.equal(config.taskQueue, DEFAULT_TASK_QUEUE);
    assert.equal(config.lightsail.endpoint, undefined);
    assert.equal(config.lightsail.credentials, undefined, 'real AWS uses the default credential chain');
    assert.equal(config.lightsail.sdkMaxAttempts, 1);
  });

  it('paces calls to AWS at 10 a second per region by default, calls to an endpoint not at all, and either as set', () => {
    assert.equal(loadConfig(clean).lightsail.callsPerSecond, DEFAULT_AWS_CALLS_PER_SECOND);
    assert.equal(
      loadConfig({ ...clean, LIGHTSAIL_ENDPOINT: 'http://127.0.0.1:4570' }).lightsail.callsPerSecond,
      undefined,
    );
    assert.equal(loadConfig({ ...clean, LIGHTSAIL_CALLS_PER_SECOND: '2.5' }).lightsail.callsPerSecond, 2.5);
    const local = loadConfig({
      ...clean,
      LIGHTSAIL_ENDPOINT: 'http://127.0.0.1:4570',
      LIGHTSAIL_CALLS_PER_SECOND: '40',
    });
    assert.equal(local.lightsail.callsPerSecond, 40);
  });

  it('shares one call budget among the workers unless LIGHTSAIL_CALL_BUDGET=process', () => {
    assert.equal(loadConfig(clean).lightsail.callBudget, 'shared');
    assert.equal(loadConfig({ ...clean, LIGHTSAIL_CALL_BUDGET: 'process' }).lightsail.callBudget, 'process');
  });

  it('keeps the worker heap small unless LIGHTSAIL_FLOWS_WORKER_HEAP=fast', () => {
    assert.equal(loadConfig(clean).workerHeap, 'small');
    assert.equal(loadConfig({ ...clean, LIGHTSAIL_FLOWS_WORKER_HEAP: 'fast' }).workerHeap, 'fast');
  });

  it('runs 5000 activities at once and the SDK default cache unless told otherwise', () => {
    const config = loadConfig(clean);
    assert.equal(config.maxConcurrentActivities, DEFAULT_MAX_CONCURRENT_ACTIVITIES);
    assert.equal(config.maxCachedWorkflows, undefined);
    const tuned = loadConfig({
      ...clean,
      LIGHTSAIL_FLOWS_MAX_CONCURRENT_ACTIVITIES: '300',
      LIGHTSAIL_FLOWS_MAX_CACHED_WORKFLOWS: '250',
    });
    assert.equal(tuned.maxConcurrentActivities, 300);
    assert.equal(tuned.maxCachedWorkflows, 250);
  });

  it('reads the Temporal address, namespace and API key through envconfig', () => {
    const config = loadConfig({
      ...clean,
      TEMPORAL_ADDRESS: 'my-ns.a1b2c.tmprl.cloud:7233',
      TEMPORAL_NAMESPACE: 'my-ns.a1b2c',
      TEMPORAL_API_KEY: 'secret-key',
    });
    assert.equal(config.temporal.connection.address, 'my-ns.a1b2c.tmprl.cloud:7233');
    assert.equal(config.temporal.namespace, 'my-ns.a1b2c');
    assert.equal(config.temporal.connection.apiKey, 'secret-key');
  });

  it('uses the emulator credentials when LIGHTSAIL_ENDPOINT is set without AWS keys', () => {
    const config = loadConfig({ ...clean, LIGHTSAIL_ENDPOINT: 'http://127.0.0.1:4570' });
    assert.equal(config.lightsail.endpoint, 'http://127.0.0.1:4570');
    assert.deepEqual(config.lightsail.credentials, LOCAL_EMULATOR_CREDENTIALS);
  });

  it('serves metrics and health on 0.0.0.0:9464 unless LIGHTSAIL_FLOWS_METRICS_ADDRESS moves or turns it off', () => {
    assert.deepEqual(loadConfig(clean).metricsAddress, { host: '0.0.0.0', port: 9464, isDefault: true });
    const moved = loadConfig({ ...clean, LIGHTSAIL_FLOWS_METRICS_ADDRESS: '127.0.0.1:9100' });
    assert.deepEqual(moved.metricsAddress, { host: '127.0.0.1', port: 9100, isDefault: false });
    const v6 = loadConfig({ ...clean, LIGHTSAIL_FLOWS_METRICS_ADDRESS: '[::]:9464' });
    assert.deepEqual(v6.metricsAddress, { host: '::', port: 9464, isDefault: false });
    assert.equal(loadConfig({ ...clean, LIGHTSAIL_FLOWS_METRICS_ADDRESS: 'off' }).metricsAddress, undefined);
  });

  it('refuses bad values, naming each variable and its rule', () => {
    assert.throws(
      () =>
        loadConfig({
          ...clean,
          LIGHTSAIL_ENDPOINT: 'not a url',
          LIGHTSAIL_SDK_MAX_ATTEMPTS: '0',
          LIGHTSAIL_FLOWS_TASK_QUEUE: 'has spaces',
          TEMPORAL_ADDRESS: 'no-port',
          LIGHTSAIL_CALLS_PER_SECOND: '0',
          LIGHTSAIL_CALL_BUDGET: 'cluster',
          LIGHTSAIL_FLOWS_WORKER_HEAP: 'tiny',
          LIGHTSAIL_FLOWS_MAX_CONCURRENT_ACTIVITIES: 'many',
          LIGHTSAIL_FLOWS_MAX_CACHED_WORKFLOWS: '1',
          LIGHTSAIL_FLOWS_DEPLOYMENT_NAME: 'lightsail.flows',
          LIGHTSAIL_FLOWS_BUILD_ID: 'has spaces',
          LIGHTSAIL_FLOWS_METRICS_ADDRESS: '9464',
        }),
      (err: unknown) => {
        assert.ok(err instanceof ConfigError);
        assert.match(err.message, /LIGHTSAIL_ENDPOINT: must be an http\(s\) URL/);
        assert.match(err.message, /LIGHTSAIL_SDK_MAX_ATTEMPTS: must be at least 1/);
        assert.match(err.message, /LIGHTSAIL_CALL_BUDGET: must be shared or process/);
        assert.match(err.message, /LIGHTSAIL_FLOWS_WORKER_HEAP: must be small or fast/);
        assert.match(err.message, /LIGHTSAIL_FLOWS_TASK_QUEUE: must be 1-200 letters/);
        assert.match(err.message, /TEMPORAL_ADDRESS: must be host:port/);
        assert.match(err.message, /LIGHTSAIL_CALLS_PER_SECOND: must be more than 0/);
        assert.match(err.message, /LIGHTSAIL_FLOWS_MAX_CONCURRENT_ACTIVITIES: must be a whole number/);
        assert.match(err.message, /LIGHTSAIL_FLOWS_MAX_CACHED_WORKFLOWS: must be at least 2/);
        assert.match(
          err.message,
          /LIGHTSAIL_FLOWS_DEPLOYMENT_NAME: must be 1-200 letters, digits, or _ : - \(no dot\)/,
        );
        assert.match(err.message, /LIGHTSAIL_FLOWS_BUILD_ID: must be 1-200 letters/);
        assert.match(
          err.message,
          /LIGHTSAIL_FLOWS_METRICS_ADDRESS: must be host:port, such as 0.0.0.0:9464, or 'off'/,
        );
        return true;
      },
    );
  });

  describe('Worker Versioning', () => {
    it('is off unless LIGHTSAIL_FLOWS_DEPLOYMENT_NAME is set', () => {
      assert.equal(loadConfig(clean).versioning, undefined);
    });

    it('takes the deployment name and the build id as given', () => {
      const config = loadConfig({
        ...clean,
        LIGHTSAIL_FLOWS_DEPLOYMENT_NAME: 'lightsail-flows',
        LIGHTSAIL_FLOWS_BUILD_ID: '2026.12.02-1',
      });
      assert.deepEqual(config.versioning, { deploymentName: 'lightsail-flows', buildId: '2026.12.02-1' });
    });

    it('asks for a build id when the worker runs from the sources, which have none of their own', () => {
      assert.throws(
        () => loadConfig({ ...clean, LIGHTSAIL_FLOWS_DEPLOYMENT_NAME: 'lightsail-flows' }),
        (err: unknown) => {
          assert.ok(err instanceof ConfigError);
          assert.match(
            err.message,
            /LIGHTSAIL_FLOWS_BUILD_ID: is required with LIGHTSAIL_FLOWS_DEPLOYMENT_NAME when the worker runs from the sources/,
          );
          return true;
        },
      );
    });

    it('refuses a build id without a deployment name, naming both', () => {
      assert.throws(
        () => loadConfig({ ...clean, LIGHTSAIL_FLOWS_BUILD_ID: 'abc' }),
        /LIGHTSAIL_FLOWS_BUILD_ID: is set without LIGHTSAIL_FLOWS_DEPLOYMENT_NAME; set both to use Worker Versioning, or neither/,
      );
    });
  });
});
