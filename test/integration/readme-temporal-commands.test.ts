import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { provisionTemporalCli } from '../../src/dev/temporal-cli';
import { spawnCommand, type CliRun } from '../support/cli-process';
import { devStackProcess, ROOT, type DevStackProcess } from '../support/dev-stack-process';

/** Where the commands are documented. */
const DOC = 'docs/cli-and-api.md';

/** The codec endpoint the documented commands name: `npm run dev`'s codec server on its default port. */
const CODEC_ENDPOINT = 'http://127.0.0.1:8234';

/**
 * The `temporal workflow ...` commands users are shown, in docs/cli-and-api.md (the README links
 * there), one argument list each: its shell lines with their continuations joined (they hold no
 * quotes, so splitting on spaces is the shell's split).
 */
function documentedTemporalCommands(): string[][] {
  const doc = readFileSync(join(ROOT, DOC), 'utf8').replace(/\\\n\s*/g, '');
  return doc
    .split('\n')
    .filter((line) => line.startsWith('temporal workflow '))
    .map((line) => line.trim().split(/\s+/).slice(1));
}

describe('the documented temporal commands (docs/cli-and-api.md), with the real temporal CLI against npm run dev', function () {
  this.timeout(180_000);
  let stack: DevStackProcess;
  let temporal: string;

  before(async function () {
    this.timeout(600_000);
    stack = await devStackProcess();
    const { executable } = await provisionTemporalCli(() => undefined);
    assert.equal(executable.type, 'existing-path', 'the project provisions a temporal binary');
    temporal = executable.path;
  });

  /** Runs one as a user would next to the stack: TEMPORAL_ADDRESS, and the stack's codec port. */
  async function run(args: string[]): Promise<CliRun> {
    const withPort = args.map((a) => (a === CODEC_ENDPOINT ? stack.codecUrl : a));
    const done = await spawnCommand(temporal, withPort, stack.env).done;
    assert.equal(
      done.code,
      0,
      `temporal ${withPort.join(' ')}: exit ${done.code}\n${done.stderr}\n${done.stdout}`,
    );
    return done;
  }

  it('npm run dev first says which Node.js it runs on, in one line', () => {
    const first = stack.startupOutput.split('\n')[0];
    assert.equal(first, `Node.js ${process.version} (${process.execPath})`);
  });

  it('starts the copy, then query shows its progress and result shows the copy, decoded by the codec server', async () => {
    const commands = documentedTemporalCommands();
    assert.deepEqual(
      commands.map((args) => args.slice(0, 2).join(' ')),
      ['workflow start', 'workflow query', 'workflow result'],
      `${DOC} shows start, query and result`,
    );
    for (const args of commands) {
      assert.ok(args.includes(CODEC_ENDPOINT), `temporal ${args.join(' ')} names the codec server`);
    }
    const [start, query, result] = commands as [string[], string[], string[]];
    await run(start);

    const progress = await run(query);
    assert.match(progress.stdout, /Check source in us-east-1/);
    assert.match(progress.stdout, /Copy to eu-west-1/);

    const copied = await run(result);
    assert.match(copied.stdout, /web-1-base-copy-/);
    assert.match(copied.stdout, /"region":\s*"eu-west-1"/);
    // Decoded: the CLI shows the payload's own encoding, not the codec's `binary/encrypted`.
    assert.match(copied.stdout, /ResultEncoding\s+json\/plain/);
  });
});
