import { strict as assert } from 'node:assert';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { collectSet, inputFromFlags, type SetFlag } from '../../src/cli/input-flags';
import { LiveProgressView } from '../../src/cli/live-progress';
import { ProgressPrinter } from '../../src/cli/progress-printer';
import { UsageError } from '../../src/cli/usage-error';
import { BlueGreenDeployInput } from '../../src/schemas/blue-green-deploy';
import { CopySnapshotInput } from '../../src/schemas/copy-snapshot';
import type { RunProgress } from '../../src/schemas/progress';

function sets(...values: string[]) {
  return values.reduce<SetFlag[]>((acc, v) => collectSet(v, acc), []);
}

function progress(running: boolean): RunProgress {
  const start = new Date(Date.now() - 2500).toISOString();
  return {
    procedure: 'copySnapshotAcrossRegions',
    status: running ? 'running' : 'succeeded',
    steps: [
      {
        id: 'a',
        title: 'Check source',
        state: 'succeeded',
        startedAt: start,
        endedAt: new Date(Date.parse(start) + 1200).toISOString(),
      },
      {
        id: 'b',
        title: 'Copy',
        state: running ? 'running' : 'succeeded',
        startedAt: start,
        ...(running ? {} : { endedAt: new Date().toISOString() }),
      },
      { id: 'c', title: 'Tag', state: 'pending' },
    ],
    resources: [],
    facts: {},
    updatedAt: new Date().toISOString(),
  };
}

describe('CLI input flags and progress views', () => {
  it('--set builds nested fields, parses JSON values and overrides the --input file', () => {
    const input = inputFromFlags({
      set: sets(
        'targetRegions=["eu-west-1"]',
        'source.type=manual',
        'source.snapshotName=web-1-base',
        'poll.initialIntervalSeconds=1',
      ),
    });
    assert.deepEqual(input, {
      targetRegions: ['eu-west-1'],
      source: { type: 'manual', snapshotName: 'web-1-base' },
      poll: { initialIntervalSeconds: 1 },
    });
    const file = join(mkdtempSync(join(tmpdir(), 'cli-input-')), 'input.json');
    writeFileSync(
      file,
      JSON.stringify({ sourceRegion: 'us-east-1', source: { type: 'manual', snapshotName: 'old' } }),
    );
    assert.deepEqual(inputFromFlags({ input: file, set: sets('source.snapshotName=new') }), {
      sourceRegion: 'us-east-1',
      source: { type: 'manual', snapshotName: 'new' },
    });
  });

  it('--set takes a value as typed where the schema wants a string (APP_VERSION=3 is "3"), and as JSON where it wants a number', () => {
    const input = inputFromFlags(
      {
        set: sets(
          'strategy=in-place',
          'region=us-east-1',
          'serviceName=shop',
          'deployment.containers.web.image=shop:3',
          'deployment.containers.web.environment.APP_VERSION=3',
          'deployment.containers.web.environment.RATIO=3.10',
          'deployment.containers.web.environment.DEBUG=false',
          'deployment.containers.web.ports.80=HTTP',
          'deployment.publicEndpoint.containerName=web',
          'deployment.publicEndpoint.containerPort=80',
        ),
      },
      BlueGreenDeployInput,
    ) as { deployment: { containers: { web: { environment: unknown } }; publicEndpoint: unknown } };
    assert.deepEqual(input.deployment.containers.web.environment, {
      APP_VERSION: '3',
      RATIO: '3.10',
      DEBUG: 'false',
    });
    assert.deepEqual(input.deployment.publicEndpoint, { containerName: 'web', containerPort: 80 });
    assert.equal(BlueGreenDeployInput.safeParse(input).success, true);
    // A tag value is a string too, even one that reads as JSON.
    const tagged = inputFromFlags({ set: sets('tags.build=42', 'tags.note=[draft]') }, CopySnapshotInput);
    assert.deepEqual((tagged as { tags: unknown }).tags, { build: '42', note: '[draft]' });
  });

  it('--set names the flag, line and column of a JSON syntax error where the schema wants JSON', () => {
    assert.throws(
      () => inputFromFlags({ set: sets('targetRegions=["eu-west-1"') }, CopySnapshotInput),
      (e: unknown) =>
        e instanceof UsageError &&
        /^--set targetRegions: not valid JSON: line 1, column 13: expected ',' or ']' after the list item, found the end$/.test(
          e.message,
        ),
    );
    // Plain words are strings, not JSON errors: the schema's own message names what is wrong.
    assert.deepEqual(inputFromFlags({ set: sets('sourceRegion=mars-1') }, CopySnapshotInput), {
      sourceRegion: 'mars-1',
    });
  });

  it('--set refuses a flag without path=value and a reserved key in its path, naming the rule; no input at all is a usage error', () => {
    assert.throws(() => collectSet('sourceRegion'), /expected path=value/);
    assert.throws(
      () => collectSet('tags.__proto__=1'),
      /"tags.__proto__" is not a field path: __proto__ is not allowed as a key/,
    );
    assert.throws(() => collectSet('tags.constructor=1'), /constructor is not allowed as a key/);
    assert.throws(
      () => inputFromFlags({}),
      (e: unknown) => e instanceof UsageError && /--input FILE/.test(e.message),
    );
  });

  it('the terminal view redraws its lines in place, with a running step counting up', () => {
    const out = Object.assign(new PassThrough(), {
      isTTY: true,
      columns: 80,
    }) as unknown as NodeJS.WriteStream;
    let written = '';
    out.on('data', (d: Buffer) => (written += d.toString()));
    const view = new LiveProgressView(out);
    view.update(progress(true));
    assert.match(written, /✓ Check source \(1\.2 s\)\n/);
    assert.match(written, /… Copy \(2\.\d s\)\n/);
    assert.match(written, /· Tag\n/);
    written = '';
    view.update(progress(false));
    // Three lines up, clear to the end of the screen, then the new list.
    assert.ok(written.startsWith('\u001b[3A\u001b[0J'), JSON.stringify(written.slice(0, 12)));
    assert.match(written, /✓ Copy \(/);
  });

  it('the plain view prints a line per change only, and a step time once it ends', () => {
    const lines: string[] = [];
    const printer = new ProgressPrinter((l) => lines.push(l));
    printer.update(progress(true));
    printer.update(progress(true));
    assert.deepEqual(lines, ['  ✓ Check source (1.2 s)', '  … Copy']);
    printer.update(progress(false));
    assert.match(lines[2]!, /^ {2}✓ Copy \(\d\.\d s\)$/);
  });
});
