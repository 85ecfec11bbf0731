/**
 * The emulator's own throughput, with no Temporal: `npx tsx bench/emulator-throughput.ts`.
 * Each round starts `lightsail-flows emulator` as its own process with a fresh state file and
 * sends it calls through @aws-sdk/client-lightsail, a fixed number at once, phase by phase:
 * creates (a new instance and its operation each), tags (a change to an existing record) and
 * reads. It prints calls a second per phase, the median over rounds.
 *
 * `--baseline <dir>` measures another checkout's emulator too (e.g. main, unpacked with
 * `git archive main | tar -x -C <dir>` and a node_modules symlink), its rounds alternating with
 * this checkout's so that the load of a shared machine falls on both alike, and prints each
 * phase's ratio of medians (this checkout / baseline).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import {
  CreateInstancesCommand,
  GetInstanceCommand,
  LightsailClient,
  TagResourceCommand,
} from '@aws-sdk/client-lightsail';
import { LOCAL_EMULATOR_CREDENTIALS } from '../src/emulator/default-keys';
import { spawnEmulator } from '../test/support/emulator-process';
import { median, round } from './stats';

const { values } = parseArgs({
  options: {
    calls: { type: 'string', default: '1000' },
    concurrency: { type: 'string', default: '16' },
    rounds: { type: 'string', default: '5' },
    'no-state-file': { type: 'boolean', default: false },
    baseline: { type: 'string' },
  },
});
const CALLS = Number(values.calls);
const CONCURRENCY = Number(values.concurrency);
const ROUNDS = Number(values.rounds);
const WITH_STATE_FILE = !values['no-state-file'];
const BASELINE = values.baseline;

type Phase = 'create' | 'tag' | 'read';
const PHASES: Phase[] = ['create', 'tag', 'read'];

/** Runs `count` calls, `CONCURRENCY` at a time; returns calls a second. */
async function measure(count: number, call: (i: number) => Promise<unknown>): Promise<number> {
  let next = 0;
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < count) await call(next++);
    }),
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return count / seconds;
}

type Rates = Record<Phase, number>;

async function oneRound(root?: string): Promise<Rates> {
  const dir = mkdtempSync(join(tmpdir(), 'emulator-bench-'));
  const emulator = await spawnEmulator({
    stateFile: WITH_STATE_FILE ? join(dir, 'state.json') : undefined,
    timeScale: 60,
    root,
  });
  const client = new LightsailClient({
    region: 'us-east-1',
    endpoint: emulator.url,
    credentials: LOCAL_EMULATOR_CREDENTIALS,
    maxAttempts: 1,
  });
  const name = (i: number) => `bench-${i}`;
  try {
    // Warms up the SDK, the connections and both processes' JIT; not counted.
    await measure(100, (i) =>
      client.send(new GetInstanceCommand({ instanceName: `none-${i}` })).catch(() => {}),
    );
    const create = await measure(CALLS, (i) =>
      client.send(
        new CreateInstancesCommand({
          instanceNames: [name(i)],
          availabilityZone: 'us-east-1a',
          blueprintId: 'ubuntu_22_04',
          bundleId: 'nano_3_0',
        }),
      ),
    );
    const tag = await measure(CALLS, (i) =>
      client.send(new TagResourceCommand({ resourceName: name(i), tags: [{ key: 'round', value: `${i}` }] })),
    );
    const read = await measure(CALLS, (i) => client.send(new GetInstanceCommand({ instanceName: name(i) })));
    return { create, tag, read };
  } finally {
    client.destroy();
    await emulator.stop('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  }
}

const medianOf = (rounds: Rates[], phase: Phase) => median(rounds.map((r) => r[phase]));
const show = (rates: Rates) =>
  Object.entries(rates)
    .map(([p, v]) => `${p} ${round(v, 0)}/s`)
    .join(', ');

async function main(): Promise<void> {
  const current: Rates[] = [];
  const baseline: Rates[] = [];
  for (let r = 1; r <= ROUNDS; r++) {
    current.push(await oneRound());
    console.error(`round ${r}/${ROUNDS} this checkout: ${show(current.at(-1)!)}`);
    if (BASELINE) {
      baseline.push(await oneRound(BASELINE));
      console.error(`round ${r}/${ROUNDS} baseline:      ${show(baseline.at(-1)!)}`);
    }
  }
  console.log(
    `${CALLS} calls a phase, ${CONCURRENCY} at once, ${ROUNDS} rounds, ${WITH_STATE_FILE ? 'with' : 'without'} a state file` +
      (BASELINE ? `; baseline ${BASELINE}` : ''),
  );
  console.log(
    '| phase | this checkout, calls/s (median) | min | max |' +
      (BASELINE ? ' baseline (median) | ratio |' : ''),
  );
  console.log('| ----- | ---: | --: | --: |' + (BASELINE ? ' ---: | ---: |' : ''));
  for (const phase of PHASES) {
    const rates = current.map((r) => r[phase]);
    const cells = [phase, median(rates), Math.min(...rates), Math.max(...rates)].map((v) =>
      typeof v === 'number' ? round(v, 0) : v,
    );
    if (BASELINE)
      cells.push(round(medianOf(baseline, phase), 0), round(median(rates) / medianOf(baseline, phase), 2));
    console.log(`| ${cells.join(' | ')} |`);
  }
}

void main();
