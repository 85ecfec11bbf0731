/**
 * The payload codec's keys: `id:base64` pairs, 32 bytes each (AES-256). The first encrypts;
 * every one decrypts, so a new key is rotated in by putting it first and keeping the old ones
 * until no history that uses them is needed any more.
 */
export interface CodecKeys {
  /** The id written into each payload's metadata, naming the key that encrypted it. */
  activeKeyId: string;
  keys: Map<string, Buffer>;
}

const KEY_ID = /^[\w.-]{1,64}$/;

/** Parses `id1:base64,id2:base64`; throws naming the problem (the key material never appears). */
export function parseCodecKeys(text: string): CodecKeys {
  const keys = new Map<string, Buffer>();
  for (const entry of text
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean)) {
    const colon = entry.indexOf(':');
    const id = colon > 0 ? entry.slice(0, colon) : '';
    if (!KEY_ID.test(id)) {
      throw new Error('each key must be written id:base64, the id 1-64 letters, digits, or . _ -');
    }
    const key = Buffer.from(entry.slice(colon + 1), 'base64');
    if (key.length !== 32) {
      throw new Error(
        `key ${id} must be 32 bytes of base64 (openssl rand -base64 32), got ${key.length} bytes`,
      );
    }
    if (keys.has(id)) throw new Error(`key ${id} is given twice`);
    keys.set(id, key);
  }
  const activeKeyId = keys.keys().next().value;
  if (activeKeyId === undefined) throw new Error('no key given');
  return { activeKeyId, keys };
}

export function formatCodecKeys(keys: CodecKeys): string {
  const ordered = [keys.activeKeyId, ...[...keys.keys.keys()].filter((id) => id !== keys.activeKeyId)];
  return ordered.map((id) => `${id}:${keys.keys.get(id)!.toString('base64')}`).join(',');
}
