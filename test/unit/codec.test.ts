import { strict as assert } from 'node:assert';
import { randomBytes } from 'node:crypto';
import { defaultPayloadConverter } from '@temporalio/common';
import { AesGcmCodec } from '../../src/codec/aes-gcm-codec';
import { parseCodecKeys } from '../../src/codec/keys';
import { loadConfig } from '../../src/config';

const key = () => randomBytes(32).toString('base64');
const payload = (value: unknown) => defaultPayloadConverter.toPayload(value);
const text = (bytes: Uint8Array | null | undefined) => Buffer.from(bytes ?? []).toString('utf8');

describe('payload codec: AES-256-GCM with key ids', () => {
  it('encrypts a payload so its content is unreadable, names the key in the metadata, and decrypts it back', async () => {
    const codec = new AesGcmCodec(parseCodecKeys(`k1:${key()}`));
    const [sealed] = await codec.encode([payload({ password: 'hunter2-secret' })]);
    assert.equal(text(sealed!.metadata!.encoding), 'binary/encrypted');
    assert.equal(text(sealed!.metadata!['encryption-key-id']), 'k1');
    assert.ok(!text(sealed!.data).includes('hunter2'));
    const [opened] = await codec.decode([sealed!]);
    assert.deepEqual(defaultPayloadConverter.fromPayload(opened!), { password: 'hunter2-secret' });
  });

  it('rotates: after a new key is put first, new payloads use it and old ones still decrypt', async () => {
    const k1 = key();
    const before = new AesGcmCodec(parseCodecKeys(`k1:${k1}`));
    const [old] = await before.encode([payload('old')]);
    const after = new AesGcmCodec(parseCodecKeys(`k2:${key()},k1:${k1}`));
    const [fresh] = await after.encode([payload('new')]);
    assert.equal(text(fresh!.metadata!['encryption-key-id']), 'k2');
    const opened = await after.decode([old!, fresh!]);
    assert.deepEqual(
      opened.map((p) => defaultPayloadConverter.fromPayload(p)),
      ['old', 'new'],
    );
  });

  it('refuses a payload of an unknown key naming the key, and a tampered one', async () => {
    const [sealed] = await new AesGcmCodec(parseCodecKeys(`gone:${key()}`)).encode([payload('x')]);
    const codec = new AesGcmCodec(parseCodecKeys(`k1:${key()}`));
    await assert.rejects(
      codec.decode([sealed!]),
      /encrypted with key "gone", which is not among the configured codec keys \(k1\)/,
    );
    const own = parseCodecKeys(`k1:${key()}`);
    const [mine] = await new AesGcmCodec(own).encode([payload('x')]);
    mine!.data![20] = mine!.data![20]! ^ 0xff;
    await assert.rejects(new AesGcmCodec(own).decode([mine!]));
  });

  it('passes plain payloads through decode, so inputs started without the codec still work', async () => {
    const codec = new AesGcmCodec(parseCodecKeys(`k1:${key()}`));
    const [plain] = await codec.decode([payload({ a: 1 })]);
    assert.deepEqual(defaultPayloadConverter.fromPayload(plain!), { a: 1 });
  });

  it('reports a bad key by id and rule in the configuration, never with the key material', () => {
    const short = Buffer.from('too-short-key-material').toString('base64');
    assert.throws(
      () => loadConfig({ LIGHTSAIL_FLOWS_CODEC_KEYS: `k1:${short}` }),
      (e: unknown) =>
        e instanceof Error &&
        /LIGHTSAIL_FLOWS_CODEC_KEYS: key k1 must be 32 bytes of base64/.test(e.message) &&
        !e.message.includes(short),
    );
    assert.throws(() => loadConfig({ LIGHTSAIL_FLOWS_CODEC_KEYS: 'no-colon' }), /must be written id:base64/);
  });
});
