import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { median, round } from './stats';

/** Linux's clock ticks a second, the unit of utime and stime in /proc/<pid>/stat. */
const TICKS_PER_SECOND = 100;

/** A process's resident memory (MiB) and CPU time (s) from /proc, as `ps` and `top` read them. */
export function readProcess(pid: number): { rssMiB: number; cpuSeconds: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const rssKiB = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN);
  // The command name (field 2) may hold spaces; the fields after its closing parenthesis don't.
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]); // utime + stime (fields 14 and 15)
  return { rssMiB: rssKiB / 1024, cpuSeconds: ticks / TICKS_PER_SECOND };
}

/**
 * Samples a process once a second for `seconds`: the median resident memory, and its CPU use
 * over the whole window as a percentage of one core (a mean: polling loops work in bursts, so the
 * median second of a loop that polls every 5 s is idle).
 */
export async function sampleProcess(pid: number, seconds: number) {
  const rss: number[] = [];
  const cpu: number[] = [];
  const first = { ...readProcess(pid), at: performance.now() };
  let last = first;
  for (let i = 0; i < seconds; i++) {
    await sleep(1000);
    const now = { ...readProcess(pid), at: performance.now() };
    rss.push(now.rssMiB);
    cpu.push((100 * (now.cpuSeconds - last.cpuSeconds)) / ((now.at - last.at) / 1000));
    last = now;
  }
  return {
    samples: seconds,
    rssMiBMedian: round(median(rss), 1),
    rssMiBMax: round(Math.max(...rss), 1),
    cpuPercentMean: round((100 * (last.cpuSeconds - first.cpuSeconds)) / ((last.at - first.at) / 1000), 1),
    cpuPercentMedian: round(median(cpu), 1),
  };
}
