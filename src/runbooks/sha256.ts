import { sha256 } from '@noble/hashes/sha2';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils';

/**
 * SHA-256 of a text's UTF-8 bytes, in hex. The workflow pins the runbook it runs by this hash,
 * and its sandbox has no node:crypto, so it uses @noble/hashes: audited, dependency-free plain
 * JavaScript that runs the same in the sandbox, the CLI and the API.
 */
export function sha256Hex(text: string): string {
  return bytesToHex(sha256(utf8ToBytes(text)));
}
