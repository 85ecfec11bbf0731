import { createHash, createHmac } from 'node:crypto';
import { SignatureV4 } from '@smithy/signature-v4';

/**
 * A raw Lightsail request signed as the AWS SDK signs it, for tests that need to send what the
 * SDK would not: unknown parameters, a body changed after signing, a clock far off.
 */
export async function signedRequest(
  url: string,
  options: {
    region: string;
    action: string;
    body: string;
    credentials: { accessKeyId: string; secretAccessKey: string };
    signingDate?: Date;
    sendBody?: string;
  },
): Promise<Response> {
  const { hostname, port } = new URL(url);
  const signer = new SignatureV4({
    credentials: options.credentials,
    region: options.region,
    service: 'lightsail',
    sha256: Sha256,
  });
  const signed = await signer.sign(
    {
      method: 'POST',
      protocol: 'http:',
      hostname,
      port: Number(port),
      path: '/',
      headers: {
        host: `${hostname}:${port}`,
        'content-type': 'application/x-amz-json-1.1',
        'x-amz-target': `Lightsail_20161128.${options.action}`,
        'x-amz-content-sha256': createHash('sha256').update(options.body).digest('hex'),
      },
      body: options.body,
    },
    { signingDate: options.signingDate },
  );
  return fetch(url, { method: 'POST', headers: signed.headers, body: options.sendBody ?? options.body });
}

class Sha256 {
  private readonly hash;
  constructor(secret?: string | ArrayBufferView | ArrayBuffer) {
    this.hash =
      secret === undefined
        ? createHash('sha256')
        : createHmac('sha256', typeof secret === 'string' ? secret : Buffer.from(secret as ArrayBuffer));
  }
  update(data: string | ArrayBufferView | ArrayBuffer): void {
    this.hash.update(typeof data === 'string' ? data : Buffer.from(data as ArrayBuffer));
  }
  digest(): Promise<Uint8Array> {
    return Promise.resolve(new Uint8Array(this.hash.digest()));
  }
}
