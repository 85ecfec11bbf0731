import { invalidInput } from '../../errors';
import { requireObject, type Params } from '../../validation';
import type {
  ContainerPortProtocol,
  StoredContainer,
  StoredContainerService,
  StoredEndpoint,
  StoredHealthCheck,
} from './types';

/**
 * The ContainerServiceDeploymentRequest of CreateContainerServiceDeployment and
 * CreateContainerService, checked as the reference gives it, with the health check's defaults
 * filled in (the service answers them filled in too).
 */

/** Container and service names: 1 to 63 lowercase letters, digits and inner hyphens. */
export const SERVICE_NAME = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;
const CONTAINER_NAME = /^[a-zA-Z0-9]([a-zA-Z0-9-]{0,51}[a-zA-Z0-9])?$/;
const PROTOCOLS: readonly ContainerPortProtocol[] = ['HTTP', 'HTTPS', 'TCP', 'UDP'];
/** Lightsail's quota of containers in one deployment. */
const MAX_CONTAINERS = 10;

const HEALTH_CHECK_DEFAULTS: StoredHealthCheck = {
  healthyThreshold: 2,
  intervalSeconds: 5,
  path: '/',
  successCodes: '200-499',
  timeoutSeconds: 2,
  unhealthyThreshold: 2,
};

/** The ranges the reference gives for each health check setting. */
const HEALTH_CHECK_RANGES: Record<string, [number, number]> = {
  healthyThreshold: [2, 10],
  unhealthyThreshold: [2, 10],
  intervalSeconds: [5, 300],
  timeoutSeconds: [2, 60],
};

export interface DeploymentRequest {
  containers: Record<string, StoredContainer>;
  publicEndpoint?: StoredEndpoint;
}

function stringMap(value: unknown, field: string): Record<string, string> {
  if (value === undefined) return {};
  const map = requireObject(value, field);
  for (const [key, v] of Object.entries(map)) {
    if (typeof v !== 'string') throw invalidInput(`${field}.${key} must be a string.`);
  }
  return map as Record<string, string>;
}

function containerParam(service: StoredContainerService, name: string, raw: unknown): StoredContainer {
  const field = `containers.${name}`;
  if (!CONTAINER_NAME.test(name)) {
    throw invalidInput(
      `The container name ${name} is not valid: 1 to 53 letters, digits and hyphens, starting and ending with a letter or digit.`,
    );
  }
  const c = requireObject(raw, field);
  if (typeof c.image !== 'string' || c.image.trim() === '') {
    throw invalidInput(
      `${field}.image is required: a public image such as nginx:latest, or :${service.name}.<label>.<version>.`,
    );
  }
  checkImage(service, c.image, `${field}.image`);
  if (
    c.command !== undefined &&
    (!Array.isArray(c.command) || !c.command.every((x) => typeof x === 'string'))
  ) {
    throw invalidInput(`${field}.command must be a list of strings.`);
  }
  const ports = stringMap(c.ports, `${field}.ports`);
  for (const [port, protocol] of Object.entries(ports)) {
    const n = Number(port);
    if (!Number.isInteger(n) || n < 1 || n > 65535) {
      throw invalidInput(`${field}.ports: ${port} is not a port number (1 to 65535).`);
    }
    if (!PROTOCOLS.includes(protocol as ContainerPortProtocol)) {
      throw invalidInput(`${field}.ports.${port} must be one of ${PROTOCOLS.join(', ')}; got "${protocol}".`);
    }
  }
  return {
    image: c.image,
    command: c.command ?? [],
    environment: stringMap(c.environment, `${field}.environment`),
    ports: ports as Record<string, ContainerPortProtocol>,
  };
}

/**
 * An image registered on this service (`:<service>.<label>.<version>` or `.latest`) must exist;
 * any other name is a public registry's image, which the emulator takes on trust.
 */
function checkImage(service: StoredContainerService, image: string, field: string): void {
  if (!image.startsWith(':')) return;
  const match = /^:([^.]+)\.([^.]+)\.(\d+|latest)$/.exec(image);
  if (!match || match[1] !== service.name) {
    throw invalidInput(
      `${field} ${image} is not an image of the container service ${service.name}: registered images are named :${service.name}.<label>.<version>.`,
    );
  }
  const prefix = `:${service.name}.${match[2]}.`;
  const found =
    match[3] === 'latest'
      ? service.images.some((i) => i.image.startsWith(prefix))
      : service.images.some((i) => i.image === image);
  if (!found) {
    throw invalidInput(
      `${field}: the image ${image} is not registered on ${service.name}; see GetContainerImages.`,
    );
  }
}

function healthCheckParam(raw: unknown): StoredHealthCheck {
  if (raw === undefined) return { ...HEALTH_CHECK_DEFAULTS };
  const h = requireObject(raw, 'publicEndpoint.healthCheck');
  const check = { ...HEALTH_CHECK_DEFAULTS };
  for (const [key, [low, high]] of Object.entries(HEALTH_CHECK_RANGES)) {
    const value = h[key];
    if (value === undefined) continue;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < low || value > high) {
      throw invalidInput(`publicEndpoint.healthCheck.${key} must be an integer from ${low} to ${high}.`);
    }
    (check as unknown as Record<string, number>)[key] = value;
  }
  if (h.path !== undefined) {
    if (typeof h.path !== 'string' || !h.path.startsWith('/')) {
      throw invalidInput('publicEndpoint.healthCheck.path must be a path starting with /.');
    }
    check.path = h.path;
  }
  if (h.successCodes !== undefined) {
    if (typeof h.successCodes !== 'string' || !validSuccessCodes(h.successCodes)) {
      throw invalidInput(
        'publicEndpoint.healthCheck.successCodes must be HTTP codes from 200 to 499: a list (200,202) or a range (200-299).',
      );
    }
    check.successCodes = h.successCodes;
  }
  if (check.timeoutSeconds >= check.intervalSeconds) {
    throw invalidInput('publicEndpoint.healthCheck.timeoutSeconds must be less than intervalSeconds.');
  }
  return check;
}

function validSuccessCodes(codes: string): boolean {
  return codes.split(',').every((part) => {
    const bounds = part.trim().split('-');
    if (bounds.length > 2) return false;
    const numbers = bounds.map(Number);
    if (!numbers.every((n) => Number.isInteger(n) && n >= 200 && n <= 499)) return false;
    return numbers.length === 1 || numbers[0]! <= numbers[1]!;
  });
}

function endpointParam(raw: unknown, containers: Record<string, StoredContainer>): StoredEndpoint {
  const e = requireObject(raw, 'publicEndpoint');
  if (typeof e.containerName !== 'string' || e.containerName === '') {
    throw invalidInput('publicEndpoint.containerName is required.');
  }
  const container = containers[e.containerName];
  if (!container) {
    throw invalidInput(
      `publicEndpoint.containerName ${e.containerName} is not one of the deployment's containers (${Object.keys(containers).join(', ')}).`,
    );
  }
  if (typeof e.containerPort !== 'number' || !Number.isInteger(e.containerPort)) {
    throw invalidInput('publicEndpoint.containerPort is required: an integer.');
  }
  const protocol = container.ports[String(e.containerPort)];
  if (protocol !== 'HTTP' && protocol !== 'HTTPS') {
    throw invalidInput(
      `publicEndpoint.containerPort ${e.containerPort} must be open as HTTP or HTTPS in the ports of container ${e.containerName}.`,
    );
  }
  return {
    containerName: e.containerName,
    containerPort: e.containerPort,
    healthCheck: healthCheckParam(e.healthCheck),
  };
}

/** Checks a deployment request for `service`; `raw` holds containers and publicEndpoint. */
export function deploymentRequestParam(service: StoredContainerService, raw: Params): DeploymentRequest {
  const containersRaw =
    raw.containers === undefined ? undefined : requireObject(raw.containers, 'containers');
  if (!containersRaw || Object.keys(containersRaw).length === 0) {
    throw invalidInput('containers is required: a deployment launches at least one container.');
  }
  if (Object.keys(containersRaw).length > MAX_CONTAINERS) {
    throw invalidInput(`A deployment can launch at most ${MAX_CONTAINERS} containers.`);
  }
  const containers = Object.fromEntries(
    Object.entries(containersRaw).map(([name, c]) => [name, containerParam(service, name, c)]),
  );
  return {
    containers,
    publicEndpoint:
      raw.publicEndpoint === undefined ? undefined : endpointParam(raw.publicEndpoint, containers),
  };
}
