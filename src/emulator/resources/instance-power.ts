import { AWS_DURATIONS } from '../clock';
import { invalidInput } from '../errors';
import type { ActionContext, ActionRegistry } from '../registry';
import type { StoredInstance } from '../state';
import { requireName } from '../validation';
import { instanceState, instanceStateName, type InstanceStateName } from '../views';
import { operationOn } from './common';
import { getInstanceOrThrow } from './instances';
import { renewPublicAddress } from './network/instance-view';

/**
 * Starting, stopping and rebooting an instance: running -> stopping -> stopped -> pending ->
 * running, each transition taking its AWS time on the emulator's clock. An action in the wrong
 * state is refused the way Lightsail refuses it, asking to wait.
 */

function inState(
  ctx: ActionContext,
  instance: StoredInstance,
  expected: InstanceStateName,
  action: string,
): void {
  const state = instanceStateName(instance, ctx.clock.now());
  if (state !== expected) {
    throw invalidInput(
      `You can't ${action} the instance ${instance.name} while it is ${state}; it must be ${expected}. Please try again once it is, or wait for the current operation to complete.`,
    );
  }
}

export function registerInstancePower(registry: ActionRegistry): void {
  registry.register(
    'StopInstance',
    (ctx, params) => {
      const instance = getInstanceOrThrow(ctx, requireName(params, 'instanceName'));
      inState(ctx, instance, 'running', 'stop');
      instance.power = { target: 'stopped', settlesAtMs: ctx.clock.after(AWS_DURATIONS.stopInstance) };
      return operationOn(ctx, instance, 'Instance', 'StopInstance', AWS_DURATIONS.stopInstance);
    },
    { mutating: true },
  );

  registry.register(
    'StartInstance',
    (ctx, params) => {
      const instance = getInstanceOrThrow(ctx, requireName(params, 'instanceName'));
      inState(ctx, instance, 'stopped', 'start');
      // As on Lightsail, an instance without a static IP comes back on a new public IP.
      if (!instance.staticIp) renewPublicAddress(instance);
      instance.power = { target: 'running', settlesAtMs: ctx.clock.after(AWS_DURATIONS.startInstance) };
      return operationOn(ctx, instance, 'Instance', 'StartInstance', AWS_DURATIONS.startInstance);
    },
    { mutating: true },
  );

  registry.register(
    'RebootInstance',
    (ctx, params) => {
      const instance = getInstanceOrThrow(ctx, requireName(params, 'instanceName'));
      inState(ctx, instance, 'running', 'reboot');
      return operationOn(ctx, instance, 'Instance', 'RebootInstance', AWS_DURATIONS.rebootInstance);
    },
    { mutating: true },
  );

  registry.register(
    'GetInstanceState',
    (ctx, params) => ({
      state: instanceState(getInstanceOrThrow(ctx, requireName(params, 'instanceName')), ctx.clock.now()),
    }),
    { mutating: false },
  );
}
