// `npm run test:mocha`: every mocha test, in two shards run side by side, each a plain mocha
// process with its own dev server, emulator and workers (test/support/stack.ts).
//
// Why shards and not `mocha --parallel`: in parallel mode Mocha runs the root `afterAll` hook
// after every file, which would stop the shared stack that the next file of the same worker
// reuses; and a worker process the pool terminates would leave its dev server behind. A shard is
// an ordinary mocha run: one stack, stopped once at its end. Most tests wait on an emulated clock
// or on the dev server rather than compute, so two shards on two cores take about half as long.
//
// Each shard's output is printed whole when it ends (interleaved spec output is unreadable),
// then one summary in mocha's own words, which .ci/run counts.
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, createWriteStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath, URL } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SHARDS = Number(process.env.LIGHTSAIL_FLOWS_TEST_SHARDS ?? 2);

// Seconds a file takes, roughly, from CI runs: the long ones are placed first so the shards end
// together. A file not listed counts by its folder; a wrong guess only makes one shard end later.
const KNOWN_SECONDS = {
  'test/integration/soak.test.ts': 70,
  'test/integration/bench.test.ts': 150,
  'test/integration/examples.test.ts': 450,
  'test/integration/documented-commands.test.ts': 90,
  'test/integration/blue-green-deploy.test.ts': 150,
  'test/integration/build.test.ts': 80,
  'test/integration/bad-input.test.ts': 70,
  'test/integration/migrate-instance-edges.test.ts': 60,
  'test/integration/migrate-instance-gates.test.ts': 60,
  'test/integration/async-waits.test.ts': 150,
  'test/integration/shared-call-budget.test.ts': 75,
  'test/integration/tracing-otlp.test.ts': 30,
  'test/integration/cli.test.ts': 60,
  'test/integration/worker-versioning.test.ts': 60,
  'test/integration/readme-temporal-commands.test.ts': 50,
  'test/integration/node22-check.test.ts': 50,
  'test/integration/user-runbooks.test.ts': 90,
  'test/integration/failover-edges.test.ts': 90,
  'test/integration/failover.test.ts': 60,
  'test/integration/dr-drill.test.ts': 60,
  'test/integration/restore-database.test.ts': 60,
  'test/integration/restore-database-edges.test.ts': 60,
};
const FOLDER_SECONDS = { integration: 30, replay: 15, emulator: 3, lightsail: 5, unit: 1 };

function testFiles() {
  return readdirSync(join(ROOT, 'test'), { recursive: true })
    .map(String)
    .filter((f) => f.endsWith('.test.ts'))
    .map((f) => join('test', f))
    .sort();
}

function secondsOf(file) {
  return KNOWN_SECONDS[file] ?? FOLDER_SECONDS[file.split('/')[1]] ?? 5;
}

/** Longest first, each to the shard with the least so far. */
function shard(files, count) {
  const shards = Array.from({ length: count }, () => ({ files: [], seconds: 0 }));
  for (const file of [...files].sort((a, b) => secondsOf(b) - secondsOf(a))) {
    const least = shards.reduce((a, b) => (b.seconds < a.seconds ? b : a));
    least.files.push(file);
    least.seconds += secondsOf(file);
  }
  return shards;
}

function runShard(index, files, dir) {
  const logFile = join(dir, `shard-${index + 1}.log`);
  const log = createWriteStream(logFile);
  const mocha = join(ROOT, 'node_modules', 'mocha', 'bin', 'mocha.js');
  const args = [
    '--no-config',
    '-r',
    'tsx/cjs',
    '-r',
    'test/support/hooks.ts',
    '--timeout',
    '60000',
    '--exit',
  ];
  const started = Date.now();
  const child = spawn(process.execPath, [mocha, ...args, ...files], {
    cwd: ROOT,
    env: { ...process.env, FORCE_COLOR: process.env.FORCE_COLOR ?? '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.pipe(log, { end: false });
  child.stderr.pipe(log, { end: false });
  return new Promise((resolve) => {
    child.on('close', (code, signal) => {
      log.end(() =>
        resolve({ index, code: code ?? 1, signal, logFile, seconds: (Date.now() - started) / 1000 }),
      );
    });
  });
}

/**
 * A number of mocha's summary: its first "N passing" (or pending, failing) line after the last
 * test. Not the last such line in the log: a failure's details come after the summary and may
 * quote another mocha run's (the Node.js 22 check's), which would be counted instead.
 */
function count(text, word) {
  const summaryAt = text.search(/^ *\d+ passing/m);
  if (summaryAt < 0) return 0;
  const match = text.slice(summaryAt).match(new RegExp(`^ *(\\d+) ${word}`, 'm'));
  // The summary is a few lines: passing, then pending and failing when there are any.
  return match && match.index < 200 ? Number(match[1]) : 0;
}

const started = Date.now();
const dir = mkdtempSync(join(tmpdir(), 'test-shards-'));
// Files given on the command line (`node scripts/test-shards.mjs test/unit/*.test.ts`), or all.
const files = process.argv.slice(2);
const shards = shard(files.length > 0 ? files : testFiles(), SHARDS);
shards.forEach((s, i) =>
  console.log(
    `== shard ${i + 1} of ${SHARDS}: ${s.files.length} files, about ${Math.round(s.seconds / 60)} min`,
  ),
);
const ticker = setInterval(
  () => console.log(`== tests running for ${Math.round((Date.now() - started) / 1000)} s`),
  60_000,
);
const ends = await Promise.all(
  shards.map((s, i) =>
    runShard(i, s.files, dir).then((end) => {
      console.log(
        `== shard ${i + 1} ended (exit ${end.signal ?? end.code}) after ${Math.round(end.seconds)} s`,
      );
      return end;
    }),
  ),
);
clearInterval(ticker);

let passing = 0;
let failing = 0;
let pending = 0;
for (const end of ends) {
  const text = readFileSync(end.logFile, 'utf8');
  console.log(
    `\n== shard ${end.index + 1}: ${shards[end.index].files.map((f) => relative('test', f)).join(', ')}\n`,
  );
  process.stdout.write(text);
  passing += count(text, 'passing');
  pending += count(text, 'pending');
  // A shard that crashed before its summary counts as one failure, so CI never reads it as green.
  failing += end.code !== 0 && count(text, 'failing') === 0 ? 1 : count(text, 'failing');
}
console.log(`\n== all shards: ${Math.round((Date.now() - started) / 1000)} s`);
console.log(`  ${passing} passing (${Math.round((Date.now() - started) / 60000)}m)`);
if (pending > 0) console.log(`  ${pending} pending`);
if (failing > 0) console.log(`  ${failing} failing`);
// exitCode, not exit(): standard output to a pipe (CI's tee) is written asynchronously, and exit()
// would cut off what is still queued, the summary included.
process.exitCode = ends.every((e) => e.code === 0) ? 0 : 1;
