import { LightsailError, invalidInput, notFound } from '../../errors';
import type { ActionContext, ActionRegistry } from '../../registry';
import { reservePort } from '../../serving/port-pool';
import {
  optionalBoolean,
  optionalString,
  requireObject,
  requireString,
  tagsParam,
  type Params,
} from '../../validation';
import { newResource } from '../common';
import { healthCheckFailure } from './behaviour';
import { deploymentRequestParam, SERVICE_NAME, type DeploymentRequest } from './deployment-request';
import { serviceState } from './lifecycle';
import { logDeployment } from './logs';
import { checkScale, powerOf } from './powers';
import { publicDomainNamesParam } from './public-domains';
import { CONTAINER_DURATIONS, type StoredContainerService, type StoredDeployment } from './types';
import { containerServiceView, deploymentView } from './views';

/** Lightsail keeps a set number of deployments a service; older ones are dropped. */
const KEPT_DEPLOYMENTS = 50;

export function serviceNameParam(params: Params): string {
  const name = requireString(params, 'serviceName');
  if (!SERVICE_NAME.test(name)) {
    throw invalidInput(
      `The serviceName ${name} is not valid: 1 to 63 lowercase letters, digits and hyphens, starting and ending with a letter or digit.`,
    );
  }
  return name;
}

export function getService(ctx: ActionContext, name: string): StoredContainerService {
  const service = ctx.store.containerServices[name];
  if (!service) throw notFound(`The container service ${name} does not exist in ${ctx.region}.`);
  return service;
}

/**
 * Lightsail refuses a deployment or an update while the service is still busy with the last one;
 * the message asks to wait, which callers treat as "retry later".
 */
function assertSettled(s: StoredContainerService, now: number, what: string): void {
  const state = serviceState(s, now);
  if (state === 'PENDING' && s.failed) {
    throw invalidInput(
      `The container service ${s.name} failed to be created; delete it and create it again.`,
    );
  }
  if (state === 'DEPLOYING' || state === 'UPDATING' || (state === 'PENDING' && what === 'update')) {
    throw invalidInput(
      `The container service ${s.name} is ${state}; wait until it is READY, RUNNING or DISABLED and try the ${what} again.`,
    );
  }
}

/** Appends a deployment; its verdict is decided now and revealed when it settles. */
function addDeployment(
  ctx: ActionContext,
  s: StoredContainerService,
  request: DeploymentRequest,
): StoredDeployment {
  const startsAtMs = Math.max(ctx.clock.now(), s.readyAtMs);
  const draft = {
    version: (s.deployments[s.deployments.length - 1]?.version ?? 0) + 1,
    createdAtMs: ctx.clock.now(),
    ...request,
    settlesAtMs: startsAtMs + (ctx.clock.after(CONTAINER_DURATIONS.deploy) - ctx.clock.now()),
  };
  const failureReason = ctx.failure
    ? `${ctx.failure.errorCode}: ${ctx.failure.errorDetails}`
    : healthCheckFailure(draft);
  const deployment: StoredDeployment = failureReason
    ? { ...draft, outcome: 'FAILED', failureReason }
    : { ...draft, outcome: 'ACTIVE' };
  s.deployments.push(deployment);
  s.deployments.splice(0, Math.max(0, s.deployments.length - KEPT_DEPLOYMENTS));
  logDeployment(s, deployment, startsAtMs);
  return deployment;
}

export function registerContainerServices(registry: ActionRegistry): void {
  registry.registerTaggable('ContainerService', (store, name) => store.containerServices[name]);

  registry.register(
    'CreateContainerService',
    (ctx, params) => {
      const name = serviceNameParam(params);
      if (ctx.store.containerServices[name]) {
        throw invalidInput(`The container service name ${name} is already in use in ${ctx.region}.`);
      }
      const power = powerOf(requireString(params, 'power')).name;
      const scale = checkScale(params.scale);
      const publicDomainNames =
        params.publicDomainNames === undefined
          ? {}
          : publicDomainNamesParam(ctx.state, ctx.store, params.publicDomainNames, ctx.clock);
      const tags = tagsParam(params);
      const port = reservePort();
      if (port === undefined) {
        throw new LightsailError(
          'ServiceException',
          'No loopback port is free for the container service yet; try again.',
        );
      }
      const service: StoredContainerService = {
        ...newResource(ctx, name, 'ContainerService', 'all', CONTAINER_DURATIONS.createService, tags),
        power,
        scale,
        isDisabled: false,
        publicDomainNames,
        deployments: [],
        images: [],
        imageVersions: {},
        logs: [],
        port,
      };
      // The deployment is checked before the service is stored, so bad input leaves nothing behind.
      const request =
        params.deployment === undefined
          ? undefined
          : deploymentRequestParam(service, requireObject(params.deployment, 'deployment'));
      // A failed creation (a fault rule) never becomes READY, so its deployment never starts.
      if (request && !service.failed) addDeployment(ctx, service, request);
      ctx.store.containerServices[name] = service;
      return { containerService: containerServiceView(service, ctx.region, ctx.clock.now()) };
    },
    { mutating: true },
  );

  registry.register(
    'GetContainerServices',
    (ctx, params) => {
      const name = optionalString(params, 'serviceName');
      const services =
        name === undefined ? Object.values(ctx.store.containerServices) : [getService(ctx, name)];
      return {
        containerServices: services.map((s) => containerServiceView(s, ctx.region, ctx.clock.now())),
      };
    },
    { mutating: false },
  );

  registry.register(
    'UpdateContainerService',
    (ctx, params) => {
      const s = getService(ctx, serviceNameParam(params));
      const power = params.power === undefined ? undefined : powerOf(requireString(params, 'power')).name;
      const scale = params.scale === undefined ? undefined : checkScale(params.scale);
      const isDisabled = optionalBoolean(params, 'isDisabled');
      const domains =
        params.publicDomainNames === undefined
          ? undefined
          : publicDomainNamesParam(ctx.state, ctx.store, params.publicDomainNames, ctx.clock);
      if (power === undefined && scale === undefined && isDisabled === undefined && domains === undefined) {
        throw invalidInput(
          'UpdateContainerService needs at least one of power, scale, isDisabled and publicDomainNames.',
        );
      }
      assertSettled(s, ctx.clock.now(), 'update');
      if (power !== undefined) s.power = power;
      if (scale !== undefined) s.scale = scale;
      if (isDisabled !== undefined) s.isDisabled = isDisabled;
      if (domains !== undefined) s.publicDomainNames = domains;
      s.updateSettlesAtMs = ctx.clock.after(CONTAINER_DURATIONS.update);
      return { containerService: containerServiceView(s, ctx.region, ctx.clock.now()) };
    },
    { mutating: true },
  );

  registry.register(
    'DeleteContainerService',
    (ctx, params) => {
      const s = getService(ctx, serviceNameParam(params));
      delete ctx.store.containerServices[s.name];
      return {};
    },
    { mutating: true },
  );

  registry.register(
    'CreateContainerServiceDeployment',
    (ctx, params) => {
      const s = getService(ctx, serviceNameParam(params));
      assertSettled(s, ctx.clock.now(), 'deployment');
      if (s.isDisabled) {
        throw invalidInput(
          `The container service ${s.name} is disabled; enable it with UpdateContainerService first.`,
        );
      }
      addDeployment(ctx, s, deploymentRequestParam(s, params));
      return { containerService: containerServiceView(s, ctx.region, ctx.clock.now()) };
    },
    { mutating: true },
  );

  registry.register(
    'GetContainerServiceDeployments',
    (ctx, params) => {
      const s = getService(ctx, serviceNameParam(params));
      const now = ctx.clock.now();
      // Newest first, as the reference says.
      return { deployments: [...s.deployments].reverse().map((d) => deploymentView(s, d, now)) };
    },
    { mutating: false },
  );
}
