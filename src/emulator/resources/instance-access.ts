import { createHash, generateKeyPairSync, randomBytes } from 'node:crypto';
import { BLUEPRINTS } from '../catalog';
import { invalidInput } from '../errors';
import type { ActionRegistry } from '../registry';
import type { StoredInstance } from '../state';
import { optionalString, requireName, requireOneOf } from '../validation';
import { instanceStateName } from '../views';
import { operationOn } from './common';
import { getInstanceOrThrow } from './instances';
import { instanceAddresses } from './network/instance-view';

/**
 * GetInstanceAccessDetails (temporary SSH credentials, or the RDP password of a Windows instance) and
 * DeleteKnownHostKeys.
 * Access details: temporary SSH credentials, or the RDP password of a Windows instance.
 * The private key is made for each call and answered, never stored, so neither the state dump nor
 * the persisted state holds it. Host keys and the password are derived from the instance's ARN:
 * stable across calls and restarts without being stored either.
 */

const DEFAULT_KEY_PAIR = 'LightsailDefaultKeyPair';
/** Lightsail's temporary SSH keys are good for a few hours; the emulator says 12 (AWS time). */
const SSH_CERTIFICATE_AWS_SECONDS = 12 * 3600;
/** The RDP certificate of a Windows instance is self-signed for six months. */
const RDP_CERTIFICATE_VALIDITY_MS = 182 * 24 * 3600 * 1000;

function derived(instance: StoredInstance, purpose: string, bytes = 32): Buffer {
  const out = createHash('sha512').update(`${purpose}:${instance.arn}`).digest();
  return out.subarray(0, bytes);
}

/** A host key's public part and its fingerprints, as ssh-keygen -l would print them. */
function hostKey(instance: StoredInstance, algorithm: string, witnessedAt: number) {
  const publicKey = derived(instance, `host-key:${algorithm}`).toString('base64');
  const blob = Buffer.from(publicKey, 'base64');
  return {
    algorithm,
    publicKey,
    witnessedAt,
    fingerprintSHA1: createHash('sha1')
      .update(blob)
      .digest('hex')
      .replace(/(..)(?!$)/g, '$1:'),
    fingerprintSHA256: `SHA256:${createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}`,
  };
}

function sshDetails(instance: StoredInstance, expiresAtMs: number) {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const publicDer = publicKey.export({ format: 'der', type: 'spki' });
  // The shape of an OpenSSH user certificate over the new key; nothing checks its signature.
  const certificate = Buffer.concat([publicDer, randomBytes(64)]).toString('base64');
  const witnessedAt = instance.readyAtMs / 1000;
  return {
    privateKey: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
    certKey: `ssh-ed25519-cert-v01@openssh.com ${certificate}`,
    expiresAt: expiresAtMs / 1000,
    hostKeys: ['ssh-rsa', 'ecdsa-sha2-nistp256', 'ssh-ed25519'].map((a) => hostKey(instance, a, witnessedAt)),
    protocol: 'ssh',
  };
}

function rdpDetails(instance: StoredInstance) {
  const keyPairName = instance.sshKeyName ?? DEFAULT_KEY_PAIR;
  const certificate = hostKey(instance, 'RSA-SHA256', instance.readyAtMs / 1000);
  return {
    // The reference: with a key pair other than the default, password is always an empty string.
    password:
      keyPairName === DEFAULT_KEY_PAIR ? derived(instance, 'rdp-password', 24).toString('base64') : '',
    passwordData: {
      ciphertext: derived(instance, 'rdp-password-ciphertext', 48).toString('base64'),
      keyPairName,
    },
    hostKeys: [
      {
        ...certificate,
        notValidBefore: instance.readyAtMs / 1000,
        notValidAfter: (instance.readyAtMs + RDP_CERTIFICATE_VALIDITY_MS) / 1000,
      },
    ],
    protocol: 'rdp',
  };
}

export function registerInstanceAccess(registry: ActionRegistry): void {
  registry.register(
    'GetInstanceAccessDetails',
    (ctx, params) => {
      const instance = getInstanceOrThrow(ctx, requireName(params, 'instanceName'));
      const protocol = requireOneOf('protocol', optionalString(params, 'protocol') ?? 'ssh', [
        'ssh',
        'rdp',
      ] as const);
      const windows = BLUEPRINTS.find((b) => b.blueprintId === instance.blueprintId)?.platform === 'WINDOWS';
      if (windows !== (protocol === 'rdp')) {
        throw invalidInput(
          `protocol ${protocol} is not available for ${instance.name}, a ${windows ? 'Windows' : 'Linux/Unix'} instance; use ${windows ? 'rdp' : 'ssh'}.`,
        );
      }
      const state = instanceStateName(instance, ctx.clock.now());
      if (state !== 'running') {
        throw invalidInput(`The instance ${instance.name} is ${state}; access details need it running.`);
      }
      const common = {
        instanceName: instance.name,
        ipAddress: instanceAddresses(instance).publicIpAddress,
        username: windows ? 'Administrator' : 'ec2-user',
      };
      const details = windows
        ? rdpDetails(instance)
        : sshDetails(instance, ctx.clock.after(SSH_CERTIFICATE_AWS_SECONDS));
      return { accessDetails: { ...common, ...details } };
    },
    { mutating: false },
  );

  // The emulator keeps no known_hosts of the browser client: there is nothing to forget but the
  // operation, which Lightsail answers.
  registry.register(
    'DeleteKnownHostKeys',
    (ctx, params) => {
      const instance = getInstanceOrThrow(ctx, requireName(params, 'instanceName'));
      return operationOn(ctx, instance, 'Instance', 'DeleteKnownHostKeys');
    },
    { mutating: true },
  );
}
