/**
 * `npm run soak -- --runs 50 --kills 5 [--fault-rate 0.2] [--no-server-restart]`: the crash and
 * fault soak (see scripts/soak/run-soak.ts). Prints a summary table; exits 1 if any run ended
 * wrong or anything was created twice.
 */
import { Command, InvalidArgumentError } from 'commander';
import { formatReport, runSoak } from './soak/run-soak';

const number = (v: string) => {
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0) throw new InvalidArgumentError('must be a non-negative number');
  return n;
};

const program = new Command('soak')
  .option('--runs <n>', 'procedures to run, mixed', number, 50)
  .option('--kills <n>', 'worker SIGKILLs', number, 5)
  .option('--fault-rate <share>', 'share of Lightsail calls that fail (0.2 = 20%)', number, 0)
  .option('--no-server-restart', 'do not restart the dev server')
  .parse();

const opts = program.opts<{ runs: number; kills: number; faultRate: number; serverRestart: boolean }>();
void runSoak({
  runs: opts.runs,
  kills: opts.kills,
  faultRate: opts.faultRate,
  restartServer: opts.serverRestart,
  log: (l) => console.error(l),
})
  .then((report) => {
    console.log(formatReport(report));
    const wrong =
      report.runs.some((r) => r.problem) ||
      report.duplicates.length + report.shared.length + report.deletedAcross.length > 0;
    process.exit(wrong ? 1 : 0);
  })
  .catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
