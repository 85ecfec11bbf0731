import { createHash, randomBytes } from 'node:crypto';
import { BLUEPRINTS } from '../catalog';
import { invalidInput } from '../errors';
import type { ActionContext, ActionRegistry } from '../registry';
import type { StoredInstance } from '../state';
import { requireName } from '../validation';
import { instanceStateName } from '../views';
import { getInstanceOrThrow } from './instances';
import { instanceAddresses } from './network/instance-view';

/**
 * GUI sessions of Lightsail for Research virtual computers (instances of a blueprint whose
 * appCategory is `LfR`): StartGUISession starts an Amazon DCV session (`starting` for 60 AWS
 * seconds, then `started` for the hour the model promises, then `startExpired`), StopGUISession
 * stops it (`stopping` for 30, then `stopped`), and CreateGUISessionAccessDetails answers its
 * state and, once started, two URLs: the primary to the application, the other to the desktop.
 * The URLs carry a token made for each call and are never stored.
 */

export interface StoredGuiSession {
  /** The instance it belongs to: a later instance of the same name starts without a session. */
  instanceArn: string;
  kind: 'start' | 'stop';
  changedAtMs: number;
  settlesAtMs: number;
  /** When a started session expires. */
  expiresAtMs?: number;
  /** Set when a fault rule failed the start or stop. */
  failed?: boolean;
}

const START_SECONDS = 60;
const STOP_SECONDS = 30;
const SESSION_SECONDS = 3600;
/** Amazon DCV's web client port. */
const DCV_PORT = 8443;

function researchInstance(ctx: ActionContext, name: string): StoredInstance {
  const instance = getInstanceOrThrow(ctx, name);
  const blueprint = BLUEPRINTS.find((b) => b.blueprintId === instance.blueprintId);
  if (blueprint?.appCategory !== 'LfR') {
    throw invalidInput(
      `GUI sessions are available for Lightsail for Research virtual computers; ${name} runs ${instance.blueprintId}.`,
    );
  }
  return instance;
}

function assertRunning(ctx: ActionContext, instance: StoredInstance, action: string): void {
  const state = instanceStateName(instance, ctx.clock.now());
  if (state !== 'running') {
    throw invalidInput(
      `You can't ${action} a GUI session of ${instance.name} while it is ${state}; it must be running. Please try again once it is.`,
    );
  }
}

type SessionStatus = 'notStarted' | 'starting' | 'started' | 'startExpired' | 'stopping' | 'stopped';

function sessionStatus(
  session: StoredGuiSession | undefined,
  instance: StoredInstance,
  now: number,
): SessionStatus | 'failed' {
  if (!session || session.instanceArn !== instance.arn) return 'notStarted';
  if (now < session.settlesAtMs) return session.kind === 'start' ? 'starting' : 'stopping';
  if (session.failed) return 'failed';
  if (session.kind === 'stop') return 'stopped';
  return now < (session.expiresAtMs ?? Infinity) ? 'started' : 'startExpired';
}

function accessDetails(ctx: ActionContext, instance: StoredInstance) {
  const session = ctx.store.guiSessions[instance.name];
  const now = ctx.clock.now();
  const status = sessionStatus(session, instance, now);
  const base = { resourceName: instance.name };
  if (status === 'failed') {
    const starting = session?.kind === 'start';
    return {
      ...base,
      status: starting ? 'failedStartingGUISession' : 'failedStoppingGUISession',
      percentageComplete: 100,
      failureReason: `The GUI session could not be ${starting ? 'started' : 'stopped'}; try again.`,
      sessions: [],
    };
  }
  if (status === 'starting' || status === 'stopping') {
    const elapsed = now - session!.changedAtMs;
    const total = session!.settlesAtMs - session!.changedAtMs;
    return { ...base, status, percentageComplete: Math.floor((100 * elapsed) / total), sessions: [] };
  }
  if (status !== 'started') return { ...base, status, percentageComplete: 100, sessions: [] };
  const host = instanceAddresses(instance).publicIpAddress;
  const token = randomBytes(24).toString('base64url');
  const id = createHash('sha256').update(instance.arn).digest('hex').slice(0, 12);
  return {
    ...base,
    status,
    percentageComplete: 100,
    sessions: [
      {
        name: `${id}-application`,
        url: `https://${host}:${DCV_PORT}/?authToken=${token}#application`,
        isPrimary: true,
      },
      {
        name: `${id}-desktop`,
        url: `https://${host}:${DCV_PORT}/?authToken=${token}#desktop`,
        isPrimary: false,
      },
    ],
  };
}

export function registerGuiSessions(registry: ActionRegistry): void {
  registry.register(
    'CreateGUISessionAccessDetails',
    (ctx, params) => {
      const instance = researchInstance(ctx, requireName(params, 'resourceName'));
      assertRunning(ctx, instance, 'access');
      return accessDetails(ctx, instance);
    },
    { mutating: false },
  );

  registry.register(
    'StartGUISession',
    (ctx, params) => {
      const instance = researchInstance(ctx, requireName(params, 'resourceName'));
      assertRunning(ctx, instance, 'start');
      const status = sessionStatus(ctx.store.guiSessions[instance.name], instance, ctx.clock.now());
      if (status === 'starting' || status === 'stopping') {
        throw invalidInput(
          `The GUI session of ${instance.name} is ${status}; wait for it to complete and try again.`,
        );
      }
      // Starting a started session resumes it for another hour, as the model says of an expired one.
      ctx.store.guiSessions[instance.name] = {
        instanceArn: instance.arn,
        kind: 'start',
        changedAtMs: ctx.clock.now(),
        settlesAtMs: ctx.clock.after(START_SECONDS),
        expiresAtMs: ctx.clock.after(START_SECONDS + SESSION_SECONDS),
        failed: ctx.failure ? true : undefined,
      };
      return {
        operations: [
          ctx.operation({
            resourceName: instance.name,
            resourceType: 'Instance',
            operationType: 'StartGUISession',
            availabilityZone: instance.availabilityZone,
            awsSeconds: START_SECONDS,
          }),
        ],
      };
    },
    { mutating: true },
  );

  registry.register(
    'StopGUISession',
    (ctx, params) => {
      const instance = researchInstance(ctx, requireName(params, 'resourceName'));
      const status = sessionStatus(ctx.store.guiSessions[instance.name], instance, ctx.clock.now());
      if (status !== 'started' && status !== 'startExpired') {
        throw invalidInput(
          status === 'starting'
            ? `The GUI session of ${instance.name} is starting; wait for it to complete and try again.`
            : `The GUI session of ${instance.name} is not started (${status}).`,
        );
      }
      ctx.store.guiSessions[instance.name] = {
        instanceArn: instance.arn,
        kind: 'stop',
        changedAtMs: ctx.clock.now(),
        settlesAtMs: ctx.clock.after(STOP_SECONDS),
        failed: ctx.failure ? true : undefined,
      };
      return {
        operations: [
          ctx.operation({
            resourceName: instance.name,
            resourceType: 'Instance',
            operationType: 'StopGUISession',
            availabilityZone: instance.availabilityZone,
            awsSeconds: STOP_SECONDS,
          }),
        ],
      };
    },
    { mutating: true },
  );
}
