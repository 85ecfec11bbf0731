import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { SignatureV4 } from '@smithy/signature-v4';
import { LightsailError } from './errors';

/**
 * Checks a request's SigV4 signature the way an AWS endpoint does: the access key must be one
 * the emulator knows, the signature must match the one computed with its secret over the same
 * signed headers and body, the body must hash to x-amz-content-sha256, and x-amz-date must be
 * within 15 minutes of now. The canonical request is built by @smithy/signature-v4, the signer
 * the AWS SDK itself uses, so both sides agree on every encoding rule.
 */

export type AccessKeys = Record<string, string>;

const AUTHORIZATION =
  /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([a-z0-9-]+)\/([a-z0-9-]+)\/aws4_request, ?SignedHeaders=([a-z0-9;-]+), ?Signature=([0-9a-f]{64})$/;
const CLOCK_WINDOW_MS = 15 * 60_000;

export interface SignedScope {
  accessKeyId: string;
  region: string;
}

/** The access key and region of a SigV4 Authorization header, without checking the signature. */
export function parseAuthorization(header: string | undefined): SignedScope & {
  service: string;
  signedHeaders: string[];
  signature: string;
} {
  const match = AUTHORIZATION.exec(header ?? '');
  if (!match) {
    throw new LightsailError(
      'MissingAuthenticationTokenException',
      'Request is missing a valid SigV4 Authorization header; sign requests for service "lightsail" (any AWS SDK or the AWS CLI does).',
    );
  }
  return {
    accessKeyId: match[1]!,
    region: match[3]!,
    service: match[4]!,
    signedHeaders: match[5]!.split(';'),
    signature: match[6]!,
  };
}

export async function verifySignature(
  req: IncomingMessage,
  body: string,
  keys: AccessKeys,
  now = Date.now(),
): Promise<SignedScope> {
  const auth = parseAuthorization(req.headers.authorization);
  const secret = keys[auth.accessKeyId];
  if (secret === undefined) {
    throw new LightsailError(
      'UnrecognizedClientException',
      `The security token included in the request is invalid. (This lightsail-flows emulator accepts the access keys ${Object.keys(keys).join(', ')}.)`,
    );
  }
  const amzDate = header(req, 'x-amz-date');
  const signingDate = parseAmzDate(amzDate);
  if (!signingDate) {
    throw new LightsailError(
      'IncompleteSignatureException',
      // AWS's wording, without the Authorization header it echoes after it.
      "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.",
    );
  }
  checkClockWindow(amzDate!, signingDate, now);
  const bodyHash = createHash('sha256').update(body).digest('hex');
  const claimedHash = header(req, 'x-amz-content-sha256');
  if (claimedHash !== undefined && claimedHash !== bodyHash) {
    throw new LightsailError(
      'InvalidSignatureException',
      "The provided 'x-amz-content-sha256' header does not match what was computed.",
    );
  }

  const url = new URL(req.url ?? '/', 'http://emulator');
  const headers = Object.fromEntries(auth.signedHeaders.map((h) => [h, header(req, h) ?? '']));
  const signer = new SignatureV4({
    credentials: { accessKeyId: auth.accessKeyId, secretAccessKey: secret },
    region: auth.region,
    service: auth.service,
    sha256: NodeSha256,
    // Sign exactly the headers the client signed: do not add x-amz-content-sha256 when the
    // client (botocore, the AWS CLI) did not send it.
    applyChecksum: false,
  });
  const signed = await signer.sign(
    {
      method: req.method ?? 'POST',
      protocol: 'http:',
      hostname: (headers.host ?? '').split(':')[0] ?? '',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers,
      body,
    },
    { signingDate, signableHeaders: new Set(auth.signedHeaders) },
  );
  const expected = /Signature=([0-9a-f]{64})/.exec(String(signed.headers.authorization ?? ''))?.[1] ?? '';
  if (!timingSafeEqual(Buffer.from(expected.padEnd(64, '0')), Buffer.from(auth.signature))) {
    throw new LightsailError(
      'InvalidSignatureException',
      'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method.',
    );
  }
  return { accessKeyId: auth.accessKeyId, region: auth.region };
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value.join(',') : value;
}

function parseAmzDate(value: string | undefined): Date | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value ?? '');
  return m ? new Date(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}Z`) : undefined;
}

function formatAmzDate(date: Date): string {
  return date
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}

/** The hash the signer needs (the SDK's Checksum interface) over node:crypto. */
class NodeSha256 {
  private readonly hash;
  constructor(secret?: string | Uint8Array | ArrayBuffer | ArrayBufferView) {
    this.hash = secret === undefined ? createHash('sha256') : createHmac('sha256', toBuffer(secret));
  }
  update(data: string | Uint8Array | ArrayBuffer | ArrayBufferView): void {
    this.hash.update(toBuffer(data));
  }
  digest(): Promise<Uint8Array> {
    return Promise.resolve(new Uint8Array(this.hash.digest()));
  }
}

function toBuffer(data: string | Uint8Array | ArrayBuffer | ArrayBufferView): Buffer {
  if (typeof data === 'string') return Buffer.from(data, 'utf8');
  if (ArrayBuffer.isView(data)) return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  return Buffer.from(data);
}

/**
 * AWS refuses a signature dated more than 15 minutes from its clock, with its documented
 * wording: "Signature expired" for one in the past, "Signature not yet current" for one in the
 * future, each naming the limit it passed.
 */
function checkClockWindow(amzDate: string, signingDate: Date, now: number): void {
  const stamp = (ms: number) => formatAmzDate(new Date(ms));
  if (signingDate.getTime() < now - CLOCK_WINDOW_MS) {
    throw new LightsailError(
      'InvalidSignatureException',
      `Signature expired: ${amzDate} is now earlier than ${stamp(now - CLOCK_WINDOW_MS)} (${stamp(now)} - 15 min.)`,
    );
  }
  if (signingDate.getTime() > now + CLOCK_WINDOW_MS) {
    throw new LightsailError(
      'InvalidSignatureException',
      `Signature not yet current: ${amzDate} is still later than ${stamp(now + CLOCK_WINDOW_MS)} (${stamp(now)} + 15 min.)`,
    );
  }
}
