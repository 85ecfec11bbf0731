import { type Command, InvalidArgumentError } from 'commander';
import { parseApiTokens, hasTokens } from '../../api/auth';
import { buildApi } from '../../api/server';
import { loadTriggers } from '../../api/triggers';
import { lazyClient, unreachableMessage } from '../../temporal/connect';
import { probeTemporal } from '../../temporal/reachability';
import { loadConfig } from '../../config';
import { LightsailClients } from '../../lightsail/clients';
import { UsageError } from '../usage-error';

function parseNumber(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('must be a whole number');
  return n;
}

export function registerApi(program: Command): void {
  program
    .command('api')
    .description('serve the HTTP API: start, follow and steer runs, schedules and webhook triggers')
    .option('-p, --port <port>', 'port to listen on', parseNumber, 8080)
    .option('--host <host>', 'address to listen on (loopback unless tokens are configured)', '0.0.0.0')
    .option('--local-only', 'allow running without tokens: no authentication, on 127.0.0.1 only')
    .option('--body-limit <bytes>', 'largest request body accepted', parseNumber, 1024 * 1024)
    .addHelpText(
      'after',
      '\nTokens: LIGHTSAIL_FLOWS_API_TOKENS (comma-separated; read:<token> may only read).\n' +
        'Webhook triggers: LIGHTSAIL_FLOWS_TRIGGERS=<file.json> (see docs/cli-and-api.md). Document: GET /openapi.json.',
    )
    .action(async (opts: { port: number; host: string; localOnly?: boolean; bodyLimit: number }) => {
      const config = loadConfig();
      let tokens: ReturnType<typeof parseApiTokens>;
      let triggers: ReturnType<typeof loadTriggers>;
      try {
        tokens = parseApiTokens(process.env.LIGHTSAIL_FLOWS_API_TOKENS);
        triggers = loadTriggers(process.env.LIGHTSAIL_FLOWS_TRIGGERS);
      } catch (err) {
        throw new UsageError(
          (err as Error).message.startsWith('LIGHTSAIL')
            ? (err as Error).message
            : `LIGHTSAIL_FLOWS_API_TOKENS: ${(err as Error).message}`,
        );
      }
      if (!hasTokens(tokens) && !opts.localOnly) {
        throw new UsageError(
          'No API tokens: set LIGHTSAIL_FLOWS_API_TOKENS (e.g. $(openssl rand -hex 24)), or pass --local-only to serve on 127.0.0.1 without authentication.',
        );
      }
      // Started whether or not Temporal answers: /readyz says when it does, /healthz that we serve.
      const client = lazyClient(config.temporal);
      const lightsail = new LightsailClients(config.lightsail);
      const app = buildApi({
        client,
        lightsail,
        taskQueue: config.taskQueue,
        tokens,
        triggers,
        bodyLimit: opts.bodyLimit,
        log: true,
      });
      const host = hasTokens(tokens) ? opts.host : '127.0.0.1';
      const address = await app.listen({ port: opts.port, host });
      const unreachable = await probeTemporal(client.connection);
      if (unreachable) {
        console.error(
          `${unreachableMessage(config.temporal.connection.address, unreachable)}\nServing anyway: GET /readyz answers 503 until Temporal answers.`,
        );
      }
      console.error(
        `lightsail-flows API on ${address} (${hasTokens(tokens) ? 'bearer tokens' : 'local only, no authentication'}; ${Object.keys(triggers).length} webhook trigger(s)). OpenAPI: ${address}/openapi.json`,
      );
      await new Promise<void>((resolve) => {
        const stop = () => void app.close().then(() => resolve());
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
      lightsail.destroy();
      await client.connection.close();
    });
}
