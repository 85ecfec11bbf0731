import { type Command, InvalidArgumentError } from 'commander';
import { buildCodecServer } from '../../codec/codec-server';
import { loadConfig } from '../../config';
import { UsageError } from '../usage-error';

function parsePort(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidArgumentError('must be a port number');
  return n;
}

export function registerCodecServer(program: Command): void {
  program
    .command('codec-server')
    .description('decrypt payloads for the Temporal Web UI (its codec endpoint) for users holding a token')
    .option('-p, --port <port>', 'port to listen on', parsePort, 8234)
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--ui-origin <origin...>', 'Web UI origins allowed to call it', [
      'http://localhost:8233',
      'http://127.0.0.1:8233',
    ])
    .option('--local-only', 'allow running without tokens: no authentication, loopback only')
    .addHelpText(
      'after',
      '\nKeys: LIGHTSAIL_FLOWS_CODEC_KEYS (or _FILE). Tokens: LIGHTSAIL_FLOWS_CODEC_SERVER_TOKENS (comma-separated).\n' +
        'Point the Web UI at it: temporal server start-dev --ui-codec-endpoint http://127.0.0.1:8234',
    )
    .action(async (opts: { port: number; host: string; uiOrigin: string[]; localOnly?: boolean }) => {
      const config = loadConfig();
      if (!config.temporal.codec) {
        throw new UsageError(
          'No codec keys: set LIGHTSAIL_FLOWS_CODEC_KEYS (id:base64,...) or LIGHTSAIL_FLOWS_CODEC_KEYS_FILE.',
        );
      }
      const tokens = (process.env.LIGHTSAIL_FLOWS_CODEC_SERVER_TOKENS ?? '')
        .split(',')
        .map((t) => t.trim())
        .filter(Boolean);
      if (tokens.length === 0 && !opts.localOnly) {
        throw new UsageError(
          'The codec server decrypts every payload for whoever calls it: set LIGHTSAIL_FLOWS_CODEC_SERVER_TOKENS, or pass --local-only to serve on loopback without authentication.',
        );
      }
      const host = tokens.length === 0 ? '127.0.0.1' : opts.host;
      const app = buildCodecServer({ keys: config.temporal.codec, tokens, allowedOrigins: opts.uiOrigin });
      const address = await app.listen({ port: opts.port, host });
      console.error(
        `Codec server on ${address} (${tokens.length ? `${tokens.length} token(s)` : 'local only, no authentication'}); Ctrl-C stops it.`,
      );
      await new Promise<void>((resolve) => {
        const stop = () => void app.close().then(() => resolve());
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
    });
}
