import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { Client } from '@temporalio/client';
import { defaultPayloadConverter, TypedSearchAttributes } from '@temporalio/common';
import { msToTs } from '@temporalio/common/lib/time';
import { temporal } from '@temporalio/proto';
import { AesGcmCodec } from '../../src/codec/aes-gcm-codec';
import { parseCodecKeys } from '../../src/codec/keys';
import { listRuns } from '../../src/runs/inspect';
import { createSchedule, deleteSchedule } from '../../src/runs/schedules';
import { SEARCH_ATTRIBUTES, searchAttributesRegistered } from '../../src/runs/search-attributes';
import { startProcedure } from '../../src/runs/start';
import { createInstanceSnapshot, uniqueName, waitUntil } from '../support/fixtures';
import { TEST_POLL, testStack, type TestStack } from '../support/stack';

const BIN = join(__dirname, '..', '..', 'bin', 'lightsail-flows.cjs');
const EventType = temporal.api.enums.v1.EventType;

/** What the Web UI shows of a run: its summary and details, its steps, its search attributes. */
describe('what a run is, as the Web UI and list show it', function () {
  this.timeout(120_000);
  let stack: TestStack;
  let codec: AesGcmCodec;

  before(async function () {
    this.timeout(600_000);
    stack = await testStack();
    codec = new AesGcmCodec(parseCodecKeys(stack.codecKeys));
  });

  /** User metadata is encrypted like every payload: decoded as the Web UI's codec server would. */
  async function decode(payload: temporal.api.common.v1.IPayload | null | undefined): Promise<unknown> {
    if (!payload) return undefined;
    const [plain] = await codec.decode([payload]);
    return defaultPayloadConverter.fromPayload(plain!);
  }

  async function startCopy(snapshotName: string, trigger: 'cli' | 'api' = 'cli') {
    return startProcedure(
      stack.client,
      stack.sharedTaskQueue,
      'copy-snapshot',
      {
        sourceRegion: 'us-east-1',
        targetRegions: ['eu-west-1', 'ap-south-1'],
        source: { type: 'manual', snapshotName },
        tags: { purpose: 'dr' },
        poll: TEST_POLL,
      },
      { workflowId: uniqueName('meta-copy'), trigger },
    );
  }

  it("describe() shows a summary and details naming the run's source, targets and changes", async () => {
    const { snapshotName } = await createInstanceSnapshot(stack.clients, 'us-east-1', 'meta');
    const run = await startCopy(snapshotName);
    const described = await run.handle.describe();
    assert.equal(
      await described.staticSummary(),
      `Copy snapshot ${snapshotName} from us-east-1 to eu-west-1, ap-south-1`,
    );
    const details = (await described.staticDetails()) ?? '';
    assert.match(details, /\*\*copy-snapshot\*\* \(copySnapshotAcrossRegions\)/);
    assert.match(details, new RegExp(`Source\\*\\*: snapshot ${snapshotName} in us-east-1`));
    assert.match(details, /Targets\*\*: eu-west-1, ap-south-1/);
    assert.match(details, /creates a snapshot copy .* in eu-west-1, ap-south-1; tags the copies purpose=dr/);
    assert.match(details, /Started by\*\*: cli/);
    await run.handle.result();
  });

  it('sets the search attributes, and listRuns and `list --resource` find the run by its resource', async () => {
    const { snapshotName } = await createInstanceSnapshot(stack.clients, 'us-east-1', 'meta');
    const run = await startCopy(snapshotName, 'api');
    const attributes = (await run.handle.describe()).typedSearchAttributes;
    assert.equal(attributes.get(SEARCH_ATTRIBUTES.procedure), 'copy-snapshot');
    assert.deepEqual(attributes.get(SEARCH_ATTRIBUTES.regions), ['us-east-1', 'eu-west-1', 'ap-south-1']);
    assert.deepEqual(attributes.get(SEARCH_ATTRIBUTES.resources), [snapshotName]);
    assert.equal(attributes.get(SEARCH_ATTRIBUTES.trigger), 'api');

    // Visibility is eventually consistent: the run is listed shortly after it starts.
    const listed = await waitUntil('the run listed by its resource', async () => {
      const runs = await listRuns(stack.client, { resource: snapshotName });
      return runs.length > 0 ? runs : undefined;
    });
    assert.deepEqual(
      listed.map((r) => r.runId),
      [run.workflowId],
    );
    assert.deepEqual(await listRuns(stack.client, { resource: uniqueName('nothing-named-so') }), []);

    const cli = await listCli(['list', '--resource', snapshotName, '--region', 'ap-south-1', '--json']);
    assert.equal(cli.code, 0, cli.stderr);
    assert.deepEqual(
      (JSON.parse(cli.stdout) as { runId: string }[]).map((r) => r.runId),
      [run.workflowId],
    );
    await run.handle.result();
  });

  it("gives each scheduled activity a summary, so the run's history reads as steps", async () => {
    const { snapshotName } = await createInstanceSnapshot(stack.clients, 'us-east-1', 'meta');
    const run = await startCopy(snapshotName);
    await run.handle.result();
    const history = await run.handle.fetchHistory();
    const summaries: unknown[] = [];
    for (const event of history.events ?? []) {
      // A local activity's summary is on its marker (patch markers have none).
      const localActivity =
        event.eventType === EventType.EVENT_TYPE_MARKER_RECORDED &&
        event.markerRecordedEventAttributes?.markerName === 'core_local_activity';
      if (event.eventType === EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED || localActivity)
        summaries.push(await decode(event.userMetadata?.summary));
    }
    assert.ok(summaries.includes(`Check snapshot ${snapshotName} in us-east-1`), String(summaries));
    assert.ok(
      summaries.some(
        (s) =>
          typeof s === 'string' &&
          s.startsWith(`Copy snapshot ${snapshotName} from us-east-1 to eu-west-1 as `),
      ),
      String(summaries),
    );
    assert.ok(
      summaries.every((s) => typeof s === 'string' && s.length > 0),
      'every activity has a summary',
    );
  });

  it("sets a schedule's runs' summary and search attributes, naming the schedule as their trigger", async () => {
    const scheduleId = uniqueName('meta-schedule');
    await createSchedule(stack.client, stack.sharedTaskQueue, {
      scheduleId,
      procedure: 'copy-snapshot',
      every: '1d',
      paused: true,
      input: {
        sourceRegion: 'us-east-1',
        targetRegions: 'eu-west-1',
        source: { type: 'manual', snapshotName: 'web-1-base' },
      },
    });
    try {
      const { action } = await stack.client.schedule.getHandle(scheduleId).describe();
      assert.equal(action.type, 'startWorkflow');
      assert.equal(action.staticSummary, 'Copy snapshot web-1-base from us-east-1 to eu-west-1');
      assert.match(action.staticDetails ?? '', new RegExp(`Started by\\*\\*: schedule:${scheduleId}`));
      const attributes =
        action.typedSearchAttributes instanceof TypedSearchAttributes
          ? action.typedSearchAttributes
          : new TypedSearchAttributes(action.typedSearchAttributes);
      assert.equal(attributes.get(SEARCH_ATTRIBUTES.trigger), `schedule:${scheduleId}`);
      assert.deepEqual(attributes.get(SEARCH_ATTRIBUTES.resources), ['web-1-base']);
    } finally {
      await deleteSchedule(stack.client, scheduleId);
    }
  });

  it('starts a run without search attributes, after one warning, in a namespace that lacks them', async () => {
    // A namespace registered now has none of the attributes the dev server registered at its start.
    const namespace = uniqueName('bare');
    await stack.env.connection.workflowService.registerNamespace({
      namespace,
      workflowExecutionRetentionPeriod: msToTs('1 day'),
    });
    const bare = new Client({ connection: stack.env.connection, namespace });
    const warnings: string[] = [];
    assert.equal(await searchAttributesRegistered(bare, (w) => warnings.push(w)), false);

    const input = {
      sourceRegion: 'us-east-1',
      targetRegions: ['eu-west-1'],
      source: { type: 'manual', snapshotName: 'web-1-base' },
    };
    // No worker polls this namespace: started is all this test needs.
    const first = await waitUntil(
      'the new namespace to take starts',
      () =>
        startProcedure(bare, 'nobody-polls', 'copy-snapshot', input, { trigger: 'cli' }).catch(
          (err: Error) =>
            /namespace/i.test(`${err.message} ${(err.cause as Error | undefined)?.message}`)
              ? undefined
              : Promise.reject(err),
        ),
      15_000,
      250,
    );
    const second = await startProcedure(bare, 'nobody-polls', 'copy-snapshot', input, { trigger: 'cli' });
    assert.ok(first.started && second.started);
    const described = await first.handle.describe();
    assert.equal(described.typedSearchAttributes.get(SEARCH_ATTRIBUTES.procedure), undefined);
    assert.equal(await described.staticSummary(), 'Copy snapshot web-1-base from us-east-1 to eu-west-1');
    assert.equal(warnings.length, 1, warnings.join('\n'));
    assert.match(warnings[0]!, /has no search attribute LightsailProcedure.*runs start without/s);

    await assert.rejects(listRuns(bare, { resource: 'web-1-base' }), /needs the search attributes/);
    await Promise.all([first.handle.terminate(), second.handle.terminate()]);
  });

  function listCli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [BIN, ...args], {
        env: {
          ...process.env,
          TEMPORAL_ADDRESS: stack.env.address,
          TEMPORAL_NAMESPACE: 'default',
          LIGHTSAIL_FLOWS_TASK_QUEUE: stack.sharedTaskQueue,
          LIGHTSAIL_FLOWS_CODEC_KEYS: stack.codecKeys,
        },
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      child.on('error', reject);
      child.on('exit', (code) => resolve({ code, stdout, stderr }));
    });
  }
});
