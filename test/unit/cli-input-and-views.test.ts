import { strict as assert } from 'node:assert';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { collectSet, inputFromFlags } from '../../src/cli/input-flags';
import { LiveProgressView } from '../../src/cli/live-progress';
import { ProgressPrinter } from '../../src/cli/progress-printer';
import { UsageError } from '../../src/cli/usage-error';
import type { RunProgress } from '../../src/schemas/progress';

function sets(...values: string[]) {
  return values.reduce<[string[], unknown][]>((acc, v) => collectSet(v, acc), []);
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

  it('--set refuses a flag without path=value and a prototype path; no input at all is a usage error', () => {
    assert.throws(() => collectSet('sourceRegion'), /expected path=value/);
    assert.throws(() => collectSet('__proto__.x=1'), /is not a field path/);
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
