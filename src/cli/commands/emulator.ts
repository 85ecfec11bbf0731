import { type Command, InvalidArgumentError } from 'commander';
import { startEmulator } from '../../emulator';

export function registerEmulator(program: Command): void {
  program
    .command('emulator')
    .description('run the Lightsail emulator on its own, for any AWS SDK or the AWS CLI')
    .option('-p, --port <port>', 'port to listen on (0 picks a free one)', parseNumber, 4570)
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--time-scale <n>', 'how many times faster than AWS operations complete', parseNumber, 60)
    .option('--state-file <file>', 'keep the state in this file across restarts')
    .option('--seed', 'start with a few instances and snapshots in us-east-1 and eu-west-1')
    .action(
      async (opts: { port: number; host: string; timeScale: number; stateFile?: string; seed?: boolean }) => {
        const emulator = await startEmulator({
          port: opts.port,
          host: opts.host,
          timeScale: opts.timeScale,
          stateFile: opts.stateFile,
          seed: opts.seed ?? false,
        });
        console.log(`Lightsail emulator listening on ${emulator.url} (time scale ${opts.timeScale}x)`);
        console.log(`  aws lightsail get-instances --endpoint-url ${emulator.url} --region us-east-1`);
        await new Promise<void>((resolve) => {
          process.once('SIGINT', resolve);
          process.once('SIGTERM', resolve);
        });
        await emulator.close();
      },
    );
}

function parseNumber(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) throw new InvalidArgumentError('must be a non-negative number');
  return n;
}
