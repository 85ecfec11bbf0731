import { strict as assert } from 'node:assert';
import { randomBytes } from 'node:crypto';
import { buildCodecServer } from '../../src/codec/codec-server';
import { parseCodecKeys } from '../../src/codec/keys';

/** The codec server as the `temporal` CLI and the Web UI call it (fastify's inject, no port). */
describe('codec server: the remote codec protocol', () => {
  const app = buildCodecServer({
    keys: parseCodecKeys(`k1:${randomBytes(32).toString('base64')}`),
    tokens: [],
    allowedOrigins: [],
  });
  after(() => app.close());

  const post = (url: string, payload?: string) =>
    app.inject({
      method: 'POST',
      url,
      headers: { 'content-type': 'application/json', 'x-namespace': 'default' },
      ...(payload === undefined ? {} : { payload }),
    });

  it('answers {} and an empty body (no payloads, as the temporal CLI sends them) with an empty list', async () => {
    for (const route of ['/decode', '/encode']) {
      for (const body of ['{}', '', '{"payloads": null}']) {
        const res = await post(route, body);
        assert.equal(res.statusCode, 200, `${route} ${JSON.stringify(body)}: ${res.body}`);
        assert.deepEqual(res.json(), { payloads: [] });
      }
    }
  });

  it('encodes and decodes under a prefix, deciding by the last segment of the URL as the protocol says', async () => {
    const plain = {
      metadata: { encoding: Buffer.from('json/plain').toString('base64') },
      data: 'eyJhIjoxfQ==',
    };
    const encoded = await post('/default/encode', JSON.stringify({ payloads: [plain] }));
    assert.equal(encoded.statusCode, 200, encoded.body);
    const [cipher] = encoded.json<{ payloads: { data: string }[] }>().payloads;
    assert.notEqual(cipher!.data, plain.data);
    const decoded = await post('/default/decode', JSON.stringify(encoded.json()));
    assert.equal(decoded.statusCode, 200, decoded.body);
    assert.deepEqual(decoded.json(), { payloads: [plain] });
  });

  it('still refuses payloads that are not a list, and a route that is neither encode nor decode', async () => {
    assert.equal((await post('/decode', '{"payloads": "x"}')).statusCode, 400);
    assert.equal((await post('/other', '{}')).statusCode, 404);
  });
});
