import type { OperationType } from '../../operation-types';
import { createHash, generateKeyPairSync } from 'node:crypto';
import { invalidInput, notFound } from '../../errors';
import type { ActionContext, ActionRegistry } from '../../registry';
import { optionalString, requireName, requireString, tagsParam } from '../../validation';
import { resourceBase } from '../../views';
import { newResource } from '../common';
import type { StoredKeyPair } from './types';

/**
 * Key pairs with real key material from node:crypto. The private key is in the answer of
 * CreateKeyPair (once) and DownloadDefaultKeyPair, and never in the state or the audit (its
 * parameter names match the audit's redaction). The default key pair's private key lives only in
 * this process's memory, keyed by the key pair's ARN: after a restart the default key pair is made
 * again, as if new, on its next download.
 */

export const DEFAULT_KEY_PAIR_NAME = 'LightsailDefaultKeyPair';

const defaultPrivateKeys = new Map<string, string>();

function sshString(data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  return Buffer.concat([length, data]);
}

/** An unsigned big-endian integer as an SSH mpint: a leading zero byte when the top bit is set. */
function mpint(data: Buffer): Buffer {
  return sshString(data[0]! & 0x80 ? Buffer.concat([Buffer.alloc(1), data]) : data);
}

/** A new RSA key pair: the PEM private key and the OpenSSH public key line ("ssh-rsa AAAA..."). */
export function newRsaKeyPair(comment: string): { privateKey: string; publicKey: string } {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = publicKey.export({ format: 'jwk' });
  const blob = Buffer.concat([
    sshString(Buffer.from('ssh-rsa')),
    mpint(Buffer.from(jwk.e!, 'base64url')),
    mpint(Buffer.from(jwk.n!, 'base64url')),
  ]);
  return {
    privateKey: privateKey.export({ type: 'pkcs1', format: 'pem' }).toString(),
    publicKey: `ssh-rsa ${blob.toString('base64')} ${comment}`,
  };
}

const KEY_TYPES = [
  'ssh-rsa',
  'ssh-ed25519',
  'ecdsa-sha2-nistp256',
  'ecdsa-sha2-nistp384',
  'ecdsa-sha2-nistp521',
];

/**
 * The key blob of an OpenSSH public key line, given as is or base64-encoded (the parameter is
 * named publicKeyBase64); refuses anything whose blob does not name the line's key type.
 */
function publicKeyBlob(value: string): Buffer {
  let line = value.trim();
  if (!/^(ssh-|ecdsa-)/.test(line)) line = Buffer.from(line, 'base64').toString('utf8').trim();
  const [type, data] = line.split(/\s+/);
  const blob = Buffer.from(data ?? '', 'base64');
  const declared = blob.length > 4 ? blob.subarray(4, 4 + blob.readUInt32BE(0)).toString('latin1') : '';
  if (!type || !KEY_TYPES.includes(type) || declared !== type) {
    throw invalidInput(
      `The publicKeyBase64 parameter is not a valid public key: give an OpenSSH public key (${KEY_TYPES.join(', ')}).`,
    );
  }
  return blob;
}

/** The OpenSSH MD5 fingerprint of the key blob, colon-separated hex. */
function fingerprint(publicKey: string): string {
  const hex = createHash('md5').update(publicKeyBlob(publicKey)).digest('hex');
  return hex.match(/../g)!.join(':');
}

function getKeyPair(ctx: ActionContext, name: string): StoredKeyPair {
  const keyPair = ctx.store.keyPairs[name];
  if (!keyPair) throw notFound(`The KeyPair does not exist: ${name} in ${ctx.region}.`);
  return keyPair;
}

function keyPairView(k: StoredKeyPair, region: string) {
  return {
    ...resourceBase(k, region, 'KeyPair'),
    fingerprint: k.fingerprint,
  };
}

/** Key pairs are regional: their location names the region's first zone, like the operations. */
const regionalZone = (region: string) => `${region}a`;

function storeKeyPair(ctx: ActionContext, name: string, publicKey: string, tags: StoredKeyPair['tags']) {
  if (ctx.store.keyPairs[name]) throw invalidInput(`The key pair name ${name} is already in use.`);
  const keyPair: StoredKeyPair = {
    ...newResource(ctx, name, 'KeyPair', regionalZone(ctx.region), 0, tags),
    publicKeyBase64: publicKey,
    fingerprint: fingerprint(publicKey),
  };
  ctx.store.keyPairs[name] = keyPair;
  return keyPair;
}

function keyPairOperation(ctx: ActionContext, keyPair: StoredKeyPair, operationType: OperationType) {
  return ctx.operation({
    resourceName: keyPair.name,
    resourceType: 'KeyPair',
    operationType,
    availabilityZone: keyPair.availabilityZone,
    awsSeconds: 0,
  });
}

export function registerKeyPairs(registry: ActionRegistry): void {
  registry.registerTaggable('KeyPair', (store, name) => store.keyPairs[name]);
  registry.register(
    'CreateKeyPair',
    (ctx, params) => {
      const name = requireName(params, 'keyPairName');
      const tags = tagsParam(params);
      if (ctx.store.keyPairs[name]) throw invalidInput(`The key pair name ${name} is already in use.`);
      const material = newRsaKeyPair(name);
      const keyPair = storeKeyPair(ctx, name, material.publicKey, tags);
      return {
        keyPair: keyPairView(keyPair, ctx.region),
        operation: keyPairOperation(ctx, keyPair, 'CreateKeyPair'),
        privateKeyBase64: material.privateKey,
        publicKeyBase64: material.publicKey,
      };
    },
    { mutating: true },
  );
  registry.register(
    'ImportKeyPair',
    (ctx, params) => {
      const name = requireName(params, 'keyPairName');
      const keyPair = storeKeyPair(ctx, name, requireString(params, 'publicKeyBase64'), []);
      return { operation: keyPairOperation(ctx, keyPair, 'ImportKeyPair') };
    },
    { mutating: true },
  );
  registry.register(
    'GetKeyPair',
    (ctx, params) => ({
      keyPair: keyPairView(getKeyPair(ctx, requireName(params, 'keyPairName')), ctx.region),
    }),
    { mutating: false },
  );
  registry.register(
    'GetKeyPairs',
    (ctx, params) => {
      const includeDefault = params.includeDefaultKeyPair;
      if (includeDefault !== undefined && typeof includeDefault !== 'boolean') {
        throw invalidInput('The includeDefaultKeyPair parameter must be a boolean.');
      }
      return {
        keyPairs: Object.values(ctx.store.keyPairs)
          .filter((k) => includeDefault === true || !k.isDefault)
          .map((k) => keyPairView(k, ctx.region)),
      };
    },
    { mutating: false },
  );
  registry.register(
    'DeleteKeyPair',
    (ctx, params) => {
      const keyPair = getKeyPair(ctx, requireName(params, 'keyPairName'));
      const expected = optionalString(params, 'expectedFingerprint');
      if (expected !== undefined && expected !== keyPair.fingerprint) {
        throw invalidInput(
          `The expectedFingerprint ${expected} does not match the key pair ${keyPair.name}'s fingerprint.`,
        );
      }
      delete ctx.store.keyPairs[keyPair.name];
      defaultPrivateKeys.delete(keyPair.arn);
      return { operation: keyPairOperation(ctx, keyPair, 'DeleteKeyPair') };
    },
    { mutating: true },
  );
  registry.register(
    'DownloadDefaultKeyPair',
    (ctx) => {
      let keyPair = ctx.store.keyPairs[DEFAULT_KEY_PAIR_NAME];
      let privateKey = keyPair && defaultPrivateKeys.get(keyPair.arn);
      if (!keyPair || !privateKey) {
        // First download in this region (or this process): make the default key pair.
        delete ctx.store.keyPairs[DEFAULT_KEY_PAIR_NAME];
        const material = newRsaKeyPair(DEFAULT_KEY_PAIR_NAME);
        keyPair = storeKeyPair(ctx, DEFAULT_KEY_PAIR_NAME, material.publicKey, []);
        keyPair.isDefault = true;
        privateKey = material.privateKey;
        defaultPrivateKeys.set(keyPair.arn, privateKey);
      }
      return {
        createdAt: keyPair.createdAtMs / 1000,
        privateKeyBase64: privateKey,
        publicKeyBase64: keyPair.publicKeyBase64,
      };
    },
    // It may create the default key pair, so its state is saved.
    { mutating: true },
  );
}
