import { randomBytes } from 'node:crypto';
import { ACCOUNT_ID } from '../../catalog';
import { invalidInput, notFound } from '../../errors';
import type { ActionRegistry } from '../../registry';
import { requireString } from '../../validation';
import { getService, serviceNameParam } from './services';
import type { StoredContainerService } from './types';

const LABEL = /^[a-zA-Z0-9]([a-zA-Z0-9-]{0,51}[a-zA-Z0-9])?$/;
const DIGEST = /^sha256:[0-9a-f]{64}$/;
/** Registry logins last 12 hours, as the reference says. */
const LOGIN_AWS_SECONDS = 12 * 3600;

/** Whether a deployment still kept on the service uses this image. */
function inUse(s: StoredContainerService, image: string): boolean {
  return s.deployments.some((d) => Object.values(d.containers).some((c) => c.image === image));
}

/**
 * Registered images, the registry login and the containers' API metadata. Nothing is pushed or
 * pulled: an image is its name and digest.
 */
export function registerContainerImages(registry: ActionRegistry): void {
  registry.register(
    'RegisterContainerImage',
    (ctx, params) => {
      const s = getService(ctx, serviceNameParam(params));
      const label = requireString(params, 'label');
      if (!LABEL.test(label)) {
        throw invalidInput(
          `The label ${label} is not valid: 1 to 53 letters, digits and hyphens, starting and ending with a letter or digit.`,
        );
      }
      const digest = requireString(params, 'digest');
      if (!DIGEST.test(digest)) {
        throw invalidInput(`The digest ${digest} is not valid: sha256: followed by 64 hex digits.`);
      }
      const version = (s.imageVersions[label] ?? 0) + 1;
      s.imageVersions[label] = version;
      const image = { image: `:${s.name}.${label}.${version}`, digest, createdAtMs: ctx.clock.now() };
      s.images.push(image);
      return { containerImage: { createdAt: image.createdAtMs / 1000, digest, image: image.image } };
    },
    { mutating: true },
  );

  registry.register(
    'GetContainerImages',
    (ctx, params) => {
      const s = getService(ctx, serviceNameParam(params));
      return {
        containerImages: [...s.images]
          .reverse()
          .map((i) => ({ createdAt: i.createdAtMs / 1000, digest: i.digest, image: i.image })),
      };
    },
    { mutating: false },
  );

  registry.register(
    'DeleteContainerImage',
    (ctx, params) => {
      const s = getService(ctx, serviceNameParam(params));
      const image = requireString(params, 'image');
      if (!s.images.some((i) => i.image === image)) {
        throw notFound(`The image ${image} is not registered on the container service ${s.name}.`);
      }
      if (inUse(s, image)) {
        throw invalidInput(`The image ${image} is used by a deployment of ${s.name} and cannot be deleted.`);
      }
      s.images = s.images.filter((i) => i.image !== image);
      return {};
    },
    { mutating: true },
  );

  registry.register(
    'CreateContainerServiceRegistryLogin',
    (ctx) => ({
      // The password is answered once and never stored, like a registry token.
      registryLogin: {
        expiresAt: ctx.clock.after(LOGIN_AWS_SECONDS) / 1000,
        password: randomBytes(48).toString('base64'),
        registry: `${ACCOUNT_ID}.dkr.ecr.${ctx.region}.amazonaws.com`,
        username: 'AWS',
      },
    }),
    { mutating: false },
  );

  registry.register(
    'GetContainerAPIMetadata',
    () => ({ metadata: [{ name: 'lightsailctl', version: 'v1.0.5' }] }),
    { mutating: false },
  );
}
