import { Command, CommanderError } from 'commander';
import { loadConfig } from '../config';
import { startTracingFromEnv } from '../observability/tracing';
import { devStackOptionsFromEnv, runDevStack } from '../dev/stack';
import { runWorker } from '../worker';
import { registerApi } from './commands/api';
import { registerCodecServer } from './commands/codec-server';
import { registerEmulator } from './commands/emulator';
import { registerGates } from './commands/gates';
import { registerPlan } from './commands/plan';
import { registerProcedures } from './commands/procedures';
import { registerSchedule } from './commands/schedule';
import { registerSetup } from './commands/setup';
import { registerStart } from './commands/start';
import { registerStatus } from './commands/status';
import { registerWatch } from './commands/watch';
import { EXIT_FAILURE, EXIT_USAGE } from './usage-error';
import { UserFacingError } from '../user-facing-error';

// Before any client or worker is made: they add their tracing interceptors when it is on.
const tracing = startTracingFromEnv();

/** The `lightsail-flows` command. */
const program = new Command('lightsail-flows')
  .description('Durable Amazon Lightsail procedures on Temporal')
  .showHelpAfterError()
  .exitOverride();

program
  .command('dev')
  .description('run the local stack: Temporal dev server, Lightsail emulator and worker (state in .data/)')
  .action(() => runDevStack(devStackOptionsFromEnv()));

program
  .command('worker')
  .description(
    'run the worker against the configured Temporal server and Lightsail (AWS unless LIGHTSAIL_ENDPOINT)',
  )
  .action(() => runWorker(loadConfig()));

registerEmulator(program);
registerProcedures(program);
registerStart(program);
registerPlan(program);
registerWatch(program);
registerStatus(program);
registerGates(program);
registerSchedule(program);
registerApi(program);
registerCodecServer(program);
registerSetup(program);

program
  .parseAsync(process.argv)
  .then(() => tracing?.shutdown())
  .catch(async (err: unknown) => {
    await tracing?.shutdown().catch(() => undefined); // send the spans of what failed
    if (err instanceof CommanderError) {
      // Commander has printed the message or the help already.
      process.exit(err.exitCode === 0 ? 0 : EXIT_USAGE);
    }
    if (err instanceof UserFacingError) {
      console.error(err.message);
      process.exit(err.exitCode);
    }
    console.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
    process.exit(EXIT_FAILURE);
  });
