import { strict as assert } from 'node:assert';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { inlineSourceMap } from '../../src/workflow-bundle';
import { COPY_SNAPSHOT_WORKFLOW, type CopySnapshotResult } from '../../src/schemas/copy-snapshot';
import type { copySnapshotAcrossRegions } from '../../workflows';
import { builtImage, type BuiltImage } from '../support/built-image';
import { spawnCommand, type RunningCommand } from '../support/cli-process';
import { createInstanceSnapshot, uniqueName, waitUntil } from '../support/fixtures';
import { TEST_POLL, testStack, type TestStack } from '../support/stack';
import { setCurrentVersion } from '../support/worker-deployments';

/** An environment without the test process's TEMPORAL_*, LIGHTSAIL_* and AWS_* settings. */
function cleanEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const name of Object.keys(env)) {
    if (/^(TEMPORAL_|LIGHTSAIL_|AWS_)/.test(name)) delete env[name];
  }
  return env;
}

describe('the build output (npm run build), run as the image runs it', function () {
  this.timeout(120_000);
  let image: BuiltImage;

  before(async function () {
    this.timeout(600_000); // tsc and the workflow bundler: about half a minute
    image = await builtImage();
  });

  it('holds the compiled CLI and worker, the workflow bundle and a build id', () => {
    const dist = join(image.root, 'dist');
    for (const file of [
      'src/cli/main.js',
      'src/worker.js',
      'activities/index.js',
      'workflow-bundle.js',
      'budget-workflow-bundle.js',
    ]) {
      assert.ok(existsSync(join(dist, file)), `dist/${file}`);
    }
    const info = JSON.parse(readFileSync(join(dist, 'build-info.json'), 'utf8')) as { buildId: string };
    assert.match(info.buildId, /^[0-9a-f]{16}$/);
    assert.match(image.buildOutput, new RegExp(`Built .*dist \\(build id ${info.buildId}\\) in [\\d.]+ s`));
  });

  it('writes both workflow bundles with their source maps’ mappings but not the sources’ text', () => {
    for (const file of ['workflow-bundle.js', 'budget-workflow-bundle.js']) {
      const map = inlineSourceMap(readFileSync(join(image.root, 'dist', file), 'utf8'))?.map;
      assert.ok(map, `dist/${file} ends with an inline source map, which the SDK needs`);
      assert.ok(typeof map.mappings === 'string' && map.mappings.length > 0, `dist/${file}: mappings`);
      assert.equal(map.sourcesContent, undefined, `dist/${file}: no sourcesContent`);
    }
  });

  it('runs `lightsail-flows procedures` from the build where there are no sources', async () => {
    const started = Date.now();
    const run = await spawnCommand(
      process.execPath,
      [join(image.root, 'bin', 'lightsail-flows.cjs'), 'procedures'],
      {
        ...cleanEnv(),
        LIGHTSAIL_FLOWS_SHOW_ENTRY: '1',
      },
    ).done;
    const seconds = (Date.now() - started) / 1000;
    assert.equal(run.code, 0, run.stderr);
    assert.match(
      run.stderr,
      /^lightsail-flows runs from the build: no sources beside the build \(.*dist\/src\/cli\/main\.js\)$/m,
    );
    for (const procedure of ['copy-snapshot', 'blue-green-deploy', 'export-to-ec2']) {
      assert.match(run.stdout, new RegExp(`^${procedure} \\(workflow \\w+\\)$`, 'm'));
    }
    console.log(`      (answered in ${seconds.toFixed(2)} s)`);
  });

  describe('a worker started from the build', () => {
    let stack: TestStack;
    const workers: RunningCommand[] = [];

    before(async function () {
      this.timeout(600_000);
      stack = await testStack();
    });

    after(async () => {
      for (const worker of workers.filter((w) => w.child.exitCode === null)) {
        worker.child.kill('SIGINT');
        await worker.done;
      }
    });

    /** `lightsail-flows worker` from the build, as the image starts it; resolves with its "polling" line. */
    async function startBuiltWorker(
      taskQueue: string,
      env: NodeJS.ProcessEnv = {},
    ): Promise<{ worker: RunningCommand; polling: string }> {
      const worker = spawnCommand(
        process.execPath,
        [join(image.root, 'bin', 'lightsail-flows.cjs'), 'worker'],
        {
          ...cleanEnv(),
          TEMPORAL_ADDRESS: stack.env.address,
          LIGHTSAIL_ENDPOINT: stack.emulator.url,
          LIGHTSAIL_FLOWS_TASK_QUEUE: taskQueue,
          LIGHTSAIL_FLOWS_CODEC_KEYS: stack.codecKeys,
          ...env,
        },
      );
      workers.push(worker);
      const polling = await waitUntil(
        'the worker to poll',
        () => {
          const { stderr, code } = worker.output();
          if (code !== null) throw new Error(`the worker exited (${code}):\n${stderr}`);
          return Promise.resolve(/^Worker polling .*$/m.exec(stderr)?.[0]);
        },
        60_000,
        100,
      );
      return { worker, polling };
    }

    async function copyOn(taskQueue: string) {
      const { snapshotName } = await createInstanceSnapshot(stack.clients, 'us-east-1', 'built');
      return stack.client.workflow.start<typeof copySnapshotAcrossRegions>(COPY_SNAPSHOT_WORKFLOW, {
        taskQueue,
        workflowId: uniqueName('test-built-worker'),
        args: [
          {
            poll: TEST_POLL,
            sourceRegion: 'us-east-1',
            targetRegions: ['eu-west-1'],
            source: { type: 'manual', snapshotName },
          },
        ],
      });
    }

    it('loads the build’s workflow bundle, polls with a small heap and completes a copy against the emulator, paced by the budgets', async () => {
      const taskQueue = uniqueName('built-worker');
      // Paced: its calls wait for the call budgets, which its second Worker runs from their own bundle.
      const { worker, polling } = await startBuiltWorker(taskQueue, { LIGHTSAIL_CALLS_PER_SECOND: '50' });
      assert.match(polling, new RegExp(`task queue "${taskQueue}"`));
      assert.match(polling, /calls at most 50\/s per region for all workers together/);
      // LIGHTSAIL_FLOWS_WORKER_HEAP's default (src/temporal/worker-heap.ts).
      assert.match(polling, /; heap: small; /);
      assert.match(
        polling,
        /workflow code: the build's bundle .*dist\/workflow-bundle\.js; ready [\d.]+ s after the process started$/,
      );

      const result: CopySnapshotResult = await (await copyOn(taskQueue)).result();
      assert.equal(result.copies[0]?.region, 'eu-west-1');

      worker.child.kill('SIGINT');
      const exited = await worker.done;
      assert.equal(exited.code, 0, exited.stderr);
    });

    it('with LIGHTSAIL_FLOWS_DEPLOYMENT_NAME, polls as the version whose build id is the build’s, and runs what is started once it is current', async () => {
      const { buildId } = JSON.parse(readFileSync(join(image.root, 'dist', 'build-info.json'), 'utf8')) as {
        buildId: string;
      };
      const taskQueue = uniqueName('built-versioned');
      const deploymentName = uniqueName('lightsail-flows-built');
      const { polling } = await startBuiltWorker(taskQueue, {
        LIGHTSAIL_FLOWS_DEPLOYMENT_NAME: deploymentName,
      });
      assert.match(polling, new RegExp(`Worker Deployment "${deploymentName}", build id ${buildId};`));

      await setCurrentVersion(stack.env.address, deploymentName, buildId);
      const handle = await copyOn(taskQueue);
      await handle.result();
      const { raw } = await handle.describe();
      assert.equal(raw.workflowExecutionInfo?.versioningInfo?.deploymentVersion?.buildId, buildId);
    });
  });
});
