import type { Clock } from '../../clock';
import { LoopbackSites, textResponse } from '../../serving/loopback-sites';
import type { EmulatorState } from '../../state';
import { forwardNowhere, type OriginRequest, type OriginResponse } from '../domains/distribution-server';
import type { StoredOrigin } from '../domains/types';
import { behaviourOf, statusFor } from './behaviour';
import { currentDeployment, serviceState } from './lifecycle';
import type { StoredContainerService } from './types';

/** Names the deployment version that answered, so a caller can follow a release. */
export const VERSION_HEADER = 'x-emulator-deployment-version';

/** The hosts a service answers: its own default domain (its loopback address) and its public domains. */
function knowsHost(s: StoredContainerService, host: string | undefined): boolean {
  if (!host) return true;
  if (host === `localhost:${s.port}` || host === `127.0.0.1:${s.port}`) return true;
  return Object.values(s.publicDomainNames).some((names) => names.includes(host));
}

/**
 * Serves every container service on its own loopback listener (its url), answering as its active
 * deployment's public endpoint would: a JSON body naming the service, the deployment version, the
 * container and its image, shaped by the container's EMULATOR_* variables (behaviour.ts). The
 * state is read on every request, so a deployment that becomes active serves at once.
 */
export class ContainerServer {
  private readonly sites: LoopbackSites;

  constructor(
    private readonly state: () => EmulatorState,
    private readonly clock: Clock,
    log?: (line: string) => void,
    /** Told when a service's port moved (its url changed) outside any call, to persist it. */
    changed?: () => void,
  ) {
    this.sites = new LoopbackSites(
      {
        kind: 'container service',
        wanted: () =>
          Object.entries(this.state()).flatMap(([region, store]) =>
            Object.values(store.containerServices).map((s) => ({ key: `${region}/${s.name}`, port: s.port })),
          ),
        answer: (key, request) => this.answer(this.find(key), key.split('/')[0]!, request),
        relocate: (key, port) => {
          const s = this.find(key);
          if (s) s.port = port;
          changed?.();
        },
      },
      log,
    );
  }

  sync(): Promise<void> {
    return this.sites.sync();
  }

  close(): Promise<void> {
    return this.sites.close();
  }

  /**
   * How a distribution reaches its origin: a container service answers as if requested itself
   * (with the distribution's host); other origins have nothing behind them in the emulator.
   */
  forward = (origin: StoredOrigin, request: OriginRequest): Promise<OriginResponse> => {
    if (origin.resourceType !== 'ContainerService') return forwardNowhere(origin, request);
    const service = this.state()[origin.regionName]?.containerServices[origin.name];
    return this.answer(service, origin.regionName, request);
  };

  private find(key: string): StoredContainerService | undefined {
    const [region, name] = key.split('/') as [string, string];
    return this.state()[region]?.containerServices[name];
  }

  async answer(
    s: StoredContainerService | undefined,
    region: string,
    request: OriginRequest,
  ): Promise<OriginResponse> {
    if (!s) return textResponse(404, 'This container service no longer exists.');
    const now = this.clock.now();
    const state = serviceState(s, now);
    if (state === 'PENDING')
      return textResponse(503, `The container service ${s.name} is still being created.`);
    if (s.isDisabled && state === 'DISABLED')
      return textResponse(503, `The container service ${s.name} is disabled.`);
    const host = typeof request.headers.host === 'string' ? request.headers.host : undefined;
    if (!knowsHost(s, host)) {
      return textResponse(
        404,
        `The container service ${s.name} does not serve the host ${host}: it is neither its default domain nor among its publicDomainNames.`,
      );
    }
    const deployment = currentDeployment(s, now);
    const endpoint = deployment?.publicEndpoint;
    if (!deployment || !endpoint) {
      return textResponse(
        404,
        `The container service ${s.name} has no active deployment with a public endpoint.`,
      );
    }
    const container = deployment.containers[endpoint.containerName]!;
    const behaviour = behaviourOf(container.environment);
    const path = request.url.split('?')[0] ?? '/';
    const unhealthy =
      behaviour.unhealthyAfterAwsSeconds !== undefined &&
      now >= deployment.settlesAtMs + (behaviour.unhealthyAfterAwsSeconds * 1000) / this.clock.timeScale;
    if (behaviour.responseDelayMs > 0) await new Promise((r) => setTimeout(r, behaviour.responseDelayMs));
    const status = statusFor(behaviour, path, { healthCheckPath: endpoint.healthCheck.path, unhealthy });
    const answer = {
      service: s.name,
      region,
      version: deployment.version,
      container: endpoint.containerName,
      image: container.image,
      path,
      host,
      status,
    };
    return {
      status,
      headers: { 'content-type': 'application/json', [VERSION_HEADER]: String(deployment.version) },
      body: Buffer.from(JSON.stringify(answer)),
    };
  }
}
