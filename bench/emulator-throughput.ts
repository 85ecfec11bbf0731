/**
 * The emulator's own throughput, with no Temporal: `npx tsx bench/emulator-throughput.ts`.
 * Each round starts `lightsail-flows emulator` as its own process with a fresh state file and
 * sends it calls through @aws-sdk/client-lightsail, a fixed number at once, phase by phase:
 * creates (a new instance and its operation each), tags (a change to an existing record) and
 * reads. It prints, per phase, the median over rounds of the calls a second and of the
 * emulator process's CPU time a call (user + system, from /proc): the throughput is what a
 * client sees, the CPU time what the emulator spends, which the load of a shared machine
 * disturbs much less.
 *
 * `--baseline <dir>` measures another checkout's emulator too (e.g. main, unpacked with
 * `git archive main | tar -x -C <dir>` and a node_modules symlink), its rounds alternating with
 * this checkout's so that the load of a shared machine falls on both alike, and prints each
 * phase's ratios of medians (this checkout / baseline).
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
import { readProcess } from './process-sampler';
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

/** One phase of one round: calls a second, and the emulator's CPU microseconds a call. */
interface Measure {
  perSecond: number;
  cpuUsPerCall: number;
}
type Round = Record<Phase, Measure>;

/** Runs `count` calls, `CONCURRENCY` at a time, against the emulator process `pid`. */
async function measure(pid: number, count: number, call: (i: number) => Promise<unknown>): Promise<Measure> {
  let next = 0;
  const cpuBefore = readProcess(pid).cpuSeconds;
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < count) await call(next++);
    }),
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const cpuSeconds = readProcess(pid).cpuSeconds - cpuBefore;
  return { perSecond: count / seconds, cpuUsPerCall: (cpuSeconds * 1e6) / count };
}

async function oneRound(root?: string): Promise<Round> {
  const dir = mkdtempSync(join(tmpdir(), 'emulator-bench-'));
  const emulator = await spawnEmulator({
    stateFile: WITH_STATE_FILE ? join(dir, 'state.json') : undefined,
    timeScale: 60,
    root,
  });
  const pid = emulator.child.pid!;
  const client = new LightsailClient({
    region: 'us-east-1',
    endpoint: emulator.url,
    credentials: LOCAL_EMULATOR_CREDENTIALS,
    maxAttempts: 1,
  });
  const name = (i: number) => `bench-${i}`;
  try {
    // Warms up the SDK, the connections and both processes' JIT; not counted.
    await measure(pid, 200, (i) =>
      client.send(new GetInstanceCommand({ instanceName: `none-${i}` })).catch(() => {}),
    );
    const create = await measure(pid, CALLS, (i) =>
      client.send(
        new CreateInstancesCommand({
          instanceNames: [name(i)],
          availabilityZone: 'us-east-1a',
          blueprintId: 'ubuntu_22_04',
          bundleId: 'nano_3_0',
        }),
      ),
    );
    const tag = await measure(pid, CALLS, (i) =>
      client.send(new TagResourceCommand({ resourceName: name(i), tags: [{ key: 'round', value: `${i}` }] })),
    );
    const read = await measure(pid, CALLS, (i) =>
      client.send(new GetInstanceCommand({ instanceName: name(i) })),
    );
    return { create, tag, read };
  } finally {
    client.destroy();
    await emulator.stop('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  }
}

const show = (r: Round) =>
  PHASES.map((p) => `${p} ${round(r[p].perSecond, 0)}/s ${round(r[p].cpuUsPerCall, 0)} µs`).join(', ');

async function main(): Promise<void> {
  const current: Round[] = [];
  const baseline: Round[] = [];
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
  const columns = ['phase', 'calls/s (median)', 'min', 'max', 'emulator CPU µs/call (median)'];
  if (BASELINE) columns.push('baseline calls/s', 'baseline CPU µs/call', 'calls/s ratio', 'CPU/call ratio');
  console.log(`| ${columns.join(' | ')} |`);
  console.log(`| ${columns.map((_, i) => (i === 0 ? '---' : '---:')).join(' | ')} |`);
  const med = (rounds: Round[], phase: Phase, key: keyof Measure) => median(rounds.map((r) => r[phase][key]));
  for (const phase of PHASES) {
    const rates = current.map((r) => r[phase].perSecond);
    const cells: (string | number)[] = [
      phase,
      round(med(current, phase, 'perSecond'), 0),
      round(Math.min(...rates), 0),
      round(Math.max(...rates), 0),
      round(med(current, phase, 'cpuUsPerCall'), 0),
    ];
    if (BASELINE) {
      cells.push(
        round(med(baseline, phase, 'perSecond'), 0),
        round(med(baseline, phase, 'cpuUsPerCall'), 0),
        round(med(current, phase, 'perSecond') / med(baseline, phase, 'perSecond'), 2),
        round(med(current, phase, 'cpuUsPerCall') / med(baseline, phase, 'cpuUsPerCall'), 2),
      );
    }
    console.log(`| ${cells.join(' | ')} |`);
  }
}

void main();
