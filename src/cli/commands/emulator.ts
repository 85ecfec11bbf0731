import { type Command, InvalidArgumentError } from 'commander';
import { LOCAL_EMULATOR_CREDENTIALS, startEmulator } from '../../emulator';

interface EmulatorCommandOptions {
  port: number;
  host: string;
  timeScale: number;
  stateFile?: string;
  seed?: boolean;
  accessKey: Record<string, string>;
  verifySignatures: boolean;
}

const DEFAULT_KEY = `${LOCAL_EMULATOR_CREDENTIALS.accessKeyId}:${LOCAL_EMULATOR_CREDENTIALS.secretAccessKey}`;

export function registerEmulator(program: Command): void {
  program
    .command('emulator')
    .description('run the Lightsail emulator on its own, for any AWS SDK or the AWS CLI')
    .option('-p, --port <port>', 'port to listen on (0 picks a free one)', parseNumber, 4570)
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--time-scale <n>', 'how many times faster than AWS operations complete', parseNumber, 60)
    .option('--state-file <file>', 'keep the state in this file across restarts')
    .option('--seed', 'start with a few instances and snapshots in us-east-1 and eu-west-1')
    .option(
      '--access-key <id:secret>',
      `accept requests signed with this key; repeatable (default: ${DEFAULT_KEY})`,
      collectKey,
      {},
    )
    .option('--no-verify-signatures', 'accept any signed request without checking its signature')
    .action(async (opts: EmulatorCommandOptions) => {
      const keys = Object.keys(opts.accessKey).length > 0 ? opts.accessKey : undefined;
      const emulator = await startEmulator({
        port: opts.port,
        host: opts.host,
        timeScale: opts.timeScale,
        stateFile: opts.stateFile,
        seed: opts.seed ?? false,
        accessKeys: opts.verifySignatures ? keys : false,
      });
      const [id, secret] = keys ? Object.entries(keys)[0]! : DEFAULT_KEY.split(':');
      console.log(`Lightsail emulator listening on ${emulator.url} (time scale ${opts.timeScale}x)`);
      console.log(
        `  AWS_ACCESS_KEY_ID=${id} AWS_SECRET_ACCESS_KEY=${secret} aws lightsail get-instances --endpoint-url ${emulator.url} --region us-east-1`,
      );
      await new Promise<void>((resolve) => {
        process.once('SIGINT', resolve);
        process.once('SIGTERM', resolve);
      });
      await emulator.close();
    });
}

function parseNumber(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) throw new InvalidArgumentError('must be a non-negative number');
  return n;
}

function collectKey(value: string, keys: Record<string, string>): Record<string, string> {
  const [id, secret] = value.split(':', 2);
  if (!id || !secret) throw new InvalidArgumentError('must be ACCESS_KEY_ID:SECRET');
  return { ...keys, [id]: secret };
}
