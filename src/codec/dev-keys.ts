import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { parseCodecKeys, type CodecKeys } from './keys';

/**
 * The dev stack's key: made once in the data folder (readable by the owner only) and reused, so
 * runs recorded by an earlier `npm run dev` stay readable, and the CLI in another terminal finds
 * it (config.ts reads this file when no keys are configured).
 */
export function devCodecKeys(file: string): CodecKeys {
  if (!existsSync(file)) {
    writeFileSync(file, `dev-1:${randomBytes(32).toString('base64')}\n`, { mode: 0o600 });
  }
  return parseCodecKeys(readFileSync(file, 'utf8'));
}
