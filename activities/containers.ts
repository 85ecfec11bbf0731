import {
  CreateContainerServiceCommand,
  CreateContainerServiceDeploymentCommand,
  DeleteContainerServiceCommand,
  GetContainerLogCommand,
  GetContainerServiceDeploymentsCommand,
  GetContainerServicesCommand,
  UpdateContainerServiceCommand,
  type ContainerService,
  type ContainerServiceDeployment,
  type ContainerServicePowerName,
  type LightsailClient,
} from '@aws-sdk/client-lightsail';
import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import type { LightsailClients } from '../src/lightsail/clients';
import { isLightsailError, toTemporalFailure } from '../src/lightsail/errors';
import { CLOCK_SKEW_ALLOWANCE_MS, notOwnedReason, runTag, taggedRun } from '../src/lightsail/ownership';
import { missingResource } from '../src/lightsail/vanished';
import { stillInProgress } from '../src/lightsail/waiting';
import type { DeploymentSpec } from '../src/schemas/blue-green-deploy';
import { currentWorkflowId } from './context';

export const SERVICE_NOT_FOUND = 'ContainerServiceNotFound';
export const SERVICE_NAME_TAKEN = 'ContainerServiceNameTaken';

/** What a workflow needs of a container service: plain JSON, small enough for history. */
export interface ServiceSummary {
  name: string;
  state: string;
  power: string;
  scale: number;
  url?: string;
  publicDomainNames: Record<string, string[]>;
  isDisabled: boolean;
  current?: DeploymentSummary;
}

export interface DeploymentSummary {
  version: number;
  state: string;
  /** What CreateContainerServiceDeployment would need to deploy it again (a rollback). */
  spec: DeploymentSpec;
}

/** Service states in which Lightsail refuses a new deployment or update until they end. */
const BUSY_STATES = new Set(['PENDING', 'DEPLOYING', 'UPDATING']);

function deploymentSummary(d: ContainerServiceDeployment): DeploymentSummary {
  return {
    version: d.version ?? 0,
    state: d.state ?? 'UNKNOWN',
    spec: {
      containers: Object.fromEntries(
        Object.entries(d.containers ?? {}).map(([name, c]) => [
          name,
          {
            image: c.image ?? '',
            ...(c.command?.length ? { command: c.command } : {}),
            ...(c.environment && Object.keys(c.environment).length ? { environment: c.environment } : {}),
            ...(c.ports && Object.keys(c.ports).length ? { ports: c.ports } : {}),
          },
        ]),
      ),
      publicEndpoint: {
        containerName: d.publicEndpoint?.containerName ?? '',
        containerPort: d.publicEndpoint?.containerPort ?? 0,
        ...(d.publicEndpoint?.healthCheck ? { healthCheck: d.publicEndpoint.healthCheck } : {}),
      },
    },
  };
}

function serviceSummary(s: ContainerService): ServiceSummary {
  return {
    name: s.containerServiceName ?? '',
    state: s.state ?? 'UNKNOWN',
    power: s.power ?? 'nano',
    scale: s.scale ?? 1,
    url: s.url,
    publicDomainNames: s.publicDomainNames ?? {},
    isDisabled: s.isDisabled ?? false,
    current: s.currentDeployment ? deploymentSummary(s.currentDeployment) : undefined,
  };
}

/** Lightsail pages container logs oldest first; a few pages reach the end of a deployment's. */
const MAX_LOG_PAGES = 5;
const LOG_TAIL_LINES = 10;

/**
 * The last lines of a container's log since a deployment began. Lightsail tags its own lines
 * `[deployment:N]`; lines tagged with another deployment are left out, the container's own
 * output is kept.
 */
async function logLinesSince(
  client: LightsailClient,
  serviceName: string,
  containerName: string,
  since: Date | undefined,
  version: number,
): Promise<string[]> {
  const otherDeployment = (line: string) => {
    const tag = /^\[deployment:(\d+)\]/.exec(line);
    return tag !== null && Number(tag[1]) !== version;
  };
  let lines: string[] = [];
  let pageToken: string | undefined;
  for (let page = 0; page < MAX_LOG_PAGES; page++) {
    const out = await client.send(
      new GetContainerLogCommand({ serviceName, containerName, startTime: since, pageToken }),
    );
    const messages = (out.logEvents ?? []).map((e) => e.message ?? '').filter((l) => !otherDeployment(l));
    lines = [...lines, ...messages].slice(-LOG_TAIL_LINES);
    pageToken = out.nextPageToken;
    if (!pageToken) break;
  }
  return lines;
}

export function containerActivities({ clients }: { clients: LightsailClients }) {
  async function findService(region: string, serviceName: string): Promise<ContainerService | undefined> {
    try {
      const out = await clients.forRegion(region).send(new GetContainerServicesCommand({ serviceName }));
      return out.containerServices?.[0];
    } catch (err) {
      if (isLightsailError(err, 'NotFoundException')) return undefined;
      throw toTemporalFailure(err, { action: 'GetContainerServices', region });
    }
  }

  async function updateService(
    region: string,
    serviceName: string,
    change: { publicDomainNames?: Record<string, string[]>; isDisabled?: boolean; scale?: number },
  ): Promise<void> {
    try {
      await clients.forRegion(region).send(new UpdateContainerServiceCommand({ serviceName, ...change }));
    } catch (err) {
      throw toTemporalFailure(err, { action: 'UpdateContainerService', region });
    }
  }

  return {
    /** The service as it is now, or undefined if it does not exist. */
    async describeService(input: {
      region: string;
      serviceName: string;
    }): Promise<ServiceSummary | undefined> {
      const service = await findService(input.region, input.serviceName);
      return service ? serviceSummary(service) : undefined;
    },

    /**
     * Long wait: resolves once the service can take a deployment or an update (READY, RUNNING or
     * DISABLED). A missing service fails at once.
     */
    async awaitServiceSettled(input: { region: string; serviceName: string }): Promise<ServiceSummary> {
      const service = await findService(input.region, input.serviceName);
      if (!service) {
        throw ApplicationFailure.nonRetryable(
          `Container service ${input.serviceName} does not exist in ${input.region}`,
          SERVICE_NOT_FOUND,
        );
      }
      const summary = serviceSummary(service);
      if (BUSY_STATES.has(summary.state)) {
        throw stillInProgress(`Container service ${input.serviceName} is ${summary.state}`);
      }
      if (summary.state === 'DELETING') {
        throw ApplicationFailure.nonRetryable(
          `Container service ${input.serviceName} in ${input.region} is being deleted`,
          SERVICE_NOT_FOUND,
        );
      }
      return summary;
    },

    /**
     * Creates the idle side of a blue-green pair like the live one, tagged with the run. A retry
     * that finds the name taken adopts the service only if this run made it.
     */
    async createService(input: {
      region: string;
      serviceName: string;
      power: string;
      scale: number;
    }): Promise<{ adopted: boolean }> {
      const workflowId = currentWorkflowId();
      try {
        await clients.forRegion(input.region).send(
          new CreateContainerServiceCommand({
            serviceName: input.serviceName,
            power: input.power as ContainerServicePowerName,
            scale: input.scale,
            tags: [runTag(workflowId)],
          }),
        );
        return { adopted: false };
      } catch (err) {
        if (!isLightsailError(err, 'InvalidInputException')) {
          throw toTemporalFailure(err, { action: 'CreateContainerService', region: input.region });
        }
        const existing = await findService(input.region, input.serviceName);
        const owner = taggedRun(existing?.tags);
        if (existing && owner === workflowId) return { adopted: true };
        if (existing) {
          throw ApplicationFailure.nonRetryable(
            `A container service named ${input.serviceName} already exists in ${input.region} and was not made by this run` +
              `${owner ? ` (run ${owner} made it)` : ''}. Give services a pair whose idle side is free, or delete it first.`,
            SERVICE_NAME_TAKEN,
          );
        }
        throw toTemporalFailure(err, { action: 'CreateContainerService', region: input.region });
      }
    },

    /** The highest deployment version the service has, failed ones included (0: none). */
    async latestDeploymentVersion(input: { region: string; serviceName: string }): Promise<number> {
      const out = await clients
        .forRegion(input.region)
        .send(new GetContainerServiceDeploymentsCommand({ serviceName: input.serviceName }))
        .catch((err: unknown) => {
          throw toTemporalFailure(err, { action: 'GetContainerServiceDeployments', region: input.region });
        });
      return Math.max(0, ...(out.deployments ?? []).map((d) => d.version ?? 0));
    },

    /**
     * Creates a deployment and returns its version. Deployments cannot be tagged, so a retry
     * after a lost answer adopts a deployment with the same specification that this attempt's
     * earlier ones made, rather than deploying twice. Nothing is adopted on a first attempt.
     * With `afterVersion` (the service's latest version before the first attempt, read while
     * this run holds the service's lock) only a later version can be this run's; without it
     * (runs from before), one created since the first attempt was scheduled.
     */
    async createDeployment(input: {
      region: string;
      serviceName: string;
      spec: DeploymentSpec;
      afterVersion?: number;
    }): Promise<{ version: number; adopted: boolean }> {
      const firstAttemptAtMs = Context.current().info.scheduledTimestampMs;
      const client = clients.forRegion(input.region);
      if (Context.current().info.attempt > 1) {
        const earlier = await client
          .send(new GetContainerServiceDeploymentsCommand({ serviceName: input.serviceName }))
          .catch((err: unknown) => {
            throw toTemporalFailure(err, { action: 'GetContainerServiceDeployments', region: input.region });
          });
        const own = (earlier.deployments ?? []).find(
          (d) =>
            (input.afterVersion !== undefined
              ? (d.version ?? 0) > input.afterVersion
              : (d.createdAt?.getTime() ?? 0) >= firstAttemptAtMs - CLOCK_SKEW_ALLOWANCE_MS) &&
            sameSpec(deploymentSummary(d).spec, input.spec),
        );
        if (own?.version !== undefined) return { version: own.version, adopted: true };
      }
      try {
        const out = await client.send(
          new CreateContainerServiceDeploymentCommand({
            serviceName: input.serviceName,
            containers: input.spec.containers,
            publicEndpoint: input.spec.publicEndpoint,
          }),
        );
        const version = out.containerService?.nextDeployment?.version;
        if (version === undefined) {
          throw ApplicationFailure.retryable(
            `Lightsail did not say which version it is deploying on ${input.serviceName}`,
            'DeploymentVersionUnknown',
          );
        }
        return { version, adopted: false };
      } catch (err) {
        throw toTemporalFailure(err, { action: 'CreateContainerServiceDeployment', region: input.region });
      }
    },

    /**
     * Long wait on one deployment (not on the service: a failed deployment leaves the service
     * RUNNING on the previous one). Resolves ACTIVE, or FAILED with the last lines of the public
     * container's log, which say why.
     */
    async awaitDeployment(input: {
      region: string;
      serviceName: string;
      version: number;
      containerName: string;
      /** The service or the deployment missing for this long: ResourceVanished. */
      vanishAfterMs?: number;
    }): Promise<{ state: 'ACTIVE' | 'FAILED'; logTail: string[] }> {
      const client = clients.forRegion(input.region);
      const out = await client
        .send(new GetContainerServiceDeploymentsCommand({ serviceName: input.serviceName }))
        .catch((err: unknown) => {
          if (input.vanishAfterMs !== undefined && isLightsailError(err, 'NotFoundException')) {
            throw missingResource(
              `Container service ${input.serviceName}`,
              input.region,
              input.vanishAfterMs,
            );
          }
          throw toTemporalFailure(err, { action: 'GetContainerServiceDeployments', region: input.region });
        });
      const deployment = out.deployments?.find((d) => d.version === input.version);
      if (!deployment && input.vanishAfterMs !== undefined) {
        throw missingResource(
          `Deployment ${input.version} of ${input.serviceName}`,
          input.region,
          input.vanishAfterMs,
        );
      }
      const state = deployment?.state;
      if (state === 'ACTIVE') return { state, logTail: [] };
      if (state === 'INACTIVE') {
        // A later deployment replaced it after it became active: it did succeed.
        return { state: 'ACTIVE', logTail: [] };
      }
      if (state !== 'FAILED') {
        throw stillInProgress(
          `Deployment ${input.version} of ${input.serviceName} is ${state ?? 'not listed yet'}`,
        );
      }
      // The lines since this deployment began, so the tail is about it and not its predecessors.
      const logTail = await logLinesSince(
        client,
        input.serviceName,
        input.containerName,
        // A second earlier, in case timestamps travel rounded: the first lines come at once.
        deployment?.createdAt && new Date(deployment.createdAt.getTime() - 1000),
        input.version,
      ).catch(() => []);
      return { state, logTail };
    },

    /** Adds domains to the service's public domain names, keeping every one it has. */
    async addPublicDomainNames(input: {
      region: string;
      serviceName: string;
      domains: Record<string, string[]>;
    }): Promise<{ changed: boolean }> {
      const service = await findService(input.region, input.serviceName);
      const current = service?.publicDomainNames ?? {};
      const merged: Record<string, string[]> = { ...current };
      let changed = false;
      for (const [certificate, names] of Object.entries(input.domains)) {
        const have = new Set(merged[certificate] ?? []);
        for (const name of names) {
          if (!have.has(name)) {
            have.add(name);
            changed = true;
          }
        }
        merged[certificate] = [...have];
      }
      if (changed) await updateService(input.region, input.serviceName, { publicDomainNames: merged });
      return { changed };
    },

    /** What becomes of the old side of a release: disabled, or scaled down to one node. */
    async retireService(input: {
      region: string;
      serviceName: string;
      how: 'scale-down' | 'disable';
    }): Promise<void> {
      await updateService(
        input.region,
        input.serviceName,
        input.how === 'disable' ? { isDisabled: true } : { scale: 1 },
      );
    },

    /**
     * Compensation: deletes a service this run created; gone already counts as done. With
     * onlyIfOwn, a service not tagged as this run's (read again just before) is kept, saying why.
     */
    async deleteService(input: {
      region: string;
      serviceName: string;
      onlyIfOwn?: boolean;
    }): Promise<{ kept?: string }> {
      if (input.onlyIfOwn) {
        const current = await findService(input.region, input.serviceName);
        if (!current) return {};
        const kept = notOwnedReason(current.tags, currentWorkflowId());
        if (kept) return { kept };
      }
      try {
        await clients
          .forRegion(input.region)
          .send(new DeleteContainerServiceCommand({ serviceName: input.serviceName }));
      } catch (err) {
        if (isLightsailError(err, 'NotFoundException')) return {};
        throw toTemporalFailure(err, { action: 'DeleteContainerService', region: input.region });
      }
      return {};
    },
  };
}

/** The same containers and endpoint, ignoring the key order JSON may change. */
function sameSpec(a: DeploymentSpec, b: DeploymentSpec): boolean {
  const canonical = (value: unknown): unknown =>
    Array.isArray(value)
      ? value.map(canonical)
      : value && typeof value === 'object'
        ? Object.fromEntries(
            Object.entries(value)
              .filter(([, v]) => v !== undefined)
              .sort(([x], [y]) => x.localeCompare(y))
              .map(([k, v]) => [k, canonical(v)]),
          )
        : value;
  // Lightsail answers an empty command, environment or ports as absent: compare them alike.
  const containers = (spec: DeploymentSpec) =>
    Object.fromEntries(
      Object.entries(spec.containers).map(([name, c]) => [
        name,
        {
          image: c.image,
          ...(c.command?.length ? { command: c.command } : {}),
          ...(c.environment && Object.keys(c.environment).length ? { environment: c.environment } : {}),
          ...(c.ports && Object.keys(c.ports).length ? { ports: c.ports } : {}),
        },
      ]),
    );
  return (
    JSON.stringify(canonical(containers(a))) === JSON.stringify(canonical(containers(b))) &&
    a.publicEndpoint.containerName === b.publicEndpoint.containerName &&
    a.publicEndpoint.containerPort === b.publicEndpoint.containerPort
  );
}
