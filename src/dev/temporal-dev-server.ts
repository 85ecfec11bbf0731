import { TestWorkflowEnvironment } from '@temporalio/testing';
import { SEARCH_ATTRIBUTE_KEYS } from '../runs/search-attributes';
import { UserFacingError } from '../user-facing-error';
import { withElapsedTime } from './elapsed';
import {
  HOW_TO_PROVIDE_TEMPORAL_CLI,
  provisionTemporalCli,
  TemporalCliUnavailable,
  type ProvisionedCli,
} from './temporal-cli';

export interface DevServerOptions {
  /** 0 or undefined picks a free port. */
  port?: number;
  /** Serve the Web UI on this port; undefined: no UI. */
  uiPort?: number;
  /** Keep the server's state in this SQLite file, so runs survive a restart. */
  dbFilename?: string;
  namespace?: string;
  /** The Web UI decodes payloads through this codec server. */
  uiCodecEndpoint?: string;
  log?: (line: string) => void;
}

/**
 * Starts the Temporal CLI's dev server with the provisioned binary. Both `npm run dev` and the
 * tests start their server here.
 */
export interface DevServer {
  env: TestWorkflowEnvironment;
  /** The binary it runs, for messages that show users a ready-to-paste `temporal` command. */
  cli: ProvisionedCli;
}

export async function startTemporalDevServer(options: DevServerOptions = {}): Promise<DevServer> {
  const log = options.log ?? ((l: string) => console.error(l));
  const cli = await provisionTemporalCli(log);
  try {
    const start = () =>
      TestWorkflowEnvironment.createLocal({
        server: {
          executable: cli.executable,
          ip: '127.0.0.1',
          port: options.port || undefined,
          ui: options.uiPort !== undefined,
          uiPort: options.uiPort,
          dbFilename: options.dbFilename,
          namespace: options.namespace ?? 'default',
          log: { format: 'pretty', level: 'error' },
          extraArgs: options.uiCodecEndpoint ? ['--ui-codec-endpoint', options.uiCodecEndpoint] : [],
          // Registered at every start (a kept database keeps them; registering again is a no-op),
          // so runs can be found by procedure, region, resource and trigger.
          searchAttributes: SEARCH_ATTRIBUTE_KEYS,
        },
      });
    // The SDK's download is silent and can take a while: say so, with the elapsed time.
    const env =
      cli.executable.type === 'cached-download'
        ? await withElapsedTime(
            log,
            'Downloading the Temporal CLI through the Temporal SDK and starting it',
            start,
          )
        : await start();
    return { env, cli };
  } catch (err) {
    if (cli.executable.type === 'cached-download') {
      throw new TemporalCliUnavailable(
        `The Temporal SDK could not download the dev server: ${(err as Error).message}\n${HOW_TO_PROVIDE_TEMPORAL_CLI}`,
        1,
        { cause: err },
      );
    }
    throw new UserFacingError(
      `The Temporal dev server (${cli.source}: ${cli.executable.path}) did not start: ${(err as Error).message}` +
        (options.port ? `\nIs port ${options.port} already in use?` : ''),
      1,
      { cause: err },
    );
  }
}
