import { Command, CommanderError } from 'commander';
import { EXIT_FAILURE, EXIT_USAGE } from './usage-error';
import { UserFacingError } from '../user-facing-error';
// Its own small module: loading it does not load the emulator.
import { EmulatorPortInUse } from '../emulator/port-in-use';
import { startTracingFromEnv } from '../observability/tracing';

type Register = (program: Command) => void;

/**
 * Each command's module, in the order `--help` lists them, loaded only when needed: a command
 * loads the module that defines it and nothing else, so `lightsail-flows procedures` does not
 * load the Temporal worker's native core, the AWS SDK or fastify (seconds on a busy machine).
 * `--help`, a misspelt command and the like load them all, for the list and the suggestions.
 */
const COMMANDS: [names: string[], load: () => Register][] = [
  [['dev', 'worker'], () => registerLocal],
  [['emulator'], () => load<typeof import('./commands/emulator')>('./commands/emulator').registerEmulator],
  [
    ['procedures'],
    () => load<typeof import('./commands/procedures')>('./commands/procedures').registerProcedures,
  ],
  [['start'], () => load<typeof import('./commands/start')>('./commands/start').registerStart],
  [['plan'], () => load<typeof import('./commands/plan')>('./commands/plan').registerPlan],
  [['runbook'], () => load<typeof import('./commands/runbook')>('./commands/runbook').registerRunbook],
  [['watch'], () => load<typeof import('./commands/watch')>('./commands/watch').registerWatch],
  [['status', 'list'], () => load<typeof import('./commands/status')>('./commands/status').registerStatus],
  [
    ['approve', 'reject', 'rollback', 'finish-now', 'cancel'],
    () => load<typeof import('./commands/gates')>('./commands/gates').registerGates,
  ],
  [['dr'], () => load<typeof import('./commands/dr')>('./commands/dr').registerDr],
  [['schedule'], () => load<typeof import('./commands/schedule')>('./commands/schedule').registerSchedule],
  [['api'], () => load<typeof import('./commands/api')>('./commands/api').registerApi],
  [
    ['codec-server'],
    () => load<typeof import('./commands/codec-server')>('./commands/codec-server').registerCodecServer,
  ],
  [['setup'], () => load<typeof import('./commands/setup')>('./commands/setup').registerSetup],
];

/**
 * CommonJS `require`, typed. Not `import()`: tsx, which runs the sources, hands `import()` to
 * Node's ESM loader, which cannot load .ts files.
 */
function load<T>(path: string): T {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(path) as T;
}

/** `dev` and `worker`, whose modules load when they run. */
function registerLocal(program: Command): void {
  program
    .command('dev')
    .description('run the local stack: Temporal dev server, Lightsail emulator and worker (state in .data/)')
    .action(async () => {
      const { devStackOptionsFromEnv, runDevStack } = load<typeof import('../dev/stack')>('../dev/stack');
      await runDevStack(devStackOptionsFromEnv());
    });

  program
    .command('worker')
    .description(
      'run the worker against the configured Temporal server and Lightsail (AWS unless LIGHTSAIL_ENDPOINT)',
    )
    .action(async () => {
      const { loadConfig } = load<typeof import('../config')>('../config');
      const { runWorker } = load<typeof import('../worker')>('../worker');
      await runWorker(loadConfig());
    });
}

/** The `lightsail-flows` command. */
async function main(argv: string[]): Promise<void> {
  const program = new Command('lightsail-flows')
    .description('Durable Amazon Lightsail procedures on Temporal')
    .showHelpAfterError()
    .exitOverride();
  const named = argv[2];
  const needed = COMMANDS.filter(([names]) => named !== undefined && names.includes(named));
  for (const [, register] of needed.length > 0 ? needed : COMMANDS) register()(program);
  await program.parseAsync(argv);
}

// Before any client or worker is made: they add their tracing interceptors when it is on.
const tracing = startTracingFromEnv();

main(process.argv)
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
    // The emulator imports nothing of the product, so its one user-facing error is its own class.
    if (err instanceof EmulatorPortInUse) {
      console.error(err.message);
      process.exit(EXIT_FAILURE);
    }
    console.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
    process.exit(EXIT_FAILURE);
  });
