import { notFound } from '../../errors';
import type { ActionContext, ActionRegistry } from '../../registry';
import { optionalString, checkName, requireName, requireOneOf, requireString } from '../../validation';
import { newResource, operationOn } from '../common';
import { alarmConfigParams } from './alarm-params';
import { ALARM_PERIOD_SECONDS } from './alarm-state';
import { ALARM_STATES, type StoredAlarm } from './types';
import { alarmView } from './views';

/** PutAlarm, GetAlarms, DeleteAlarm and TestAlarm. */

function getAlarm(ctx: ActionContext, name: string): StoredAlarm {
  const alarm = ctx.store.alarms[name];
  if (!alarm) throw notFound(`The Alarm does not exist: ${name} in ${ctx.region}.`);
  return alarm;
}

export function registerAlarms(registry: ActionRegistry): void {
  registry.registerTaggable('Alarm', (store, name) => store.alarms[name]);

  registry.register(
    'PutAlarm',
    (ctx, params) => {
      const name = requireName(params, 'alarmName');
      const config = alarmConfigParams(ctx, params, name);
      const existing = ctx.store.alarms[name];
      // PutAlarm on an existing name overwrites its configuration; the alarm keeps its identity.
      const alarm: StoredAlarm = {
        ...(existing ?? newResource(ctx, name, 'Alarm', 'all', 0, [])),
        ...config,
        test: undefined,
      };
      ctx.store.alarms[name] = alarm;
      return operationOn(ctx, alarm, 'Alarm', 'PutAlarm');
    },
    { mutating: true },
  );

  registry.register(
    'GetAlarms',
    (ctx, params) => {
      const alarmName = optionalString(params, 'alarmName');
      const resourceName = optionalString(params, 'monitoredResourceName');
      if (resourceName !== undefined) checkName('monitoredResourceName', resourceName);
      let alarms = alarmName !== undefined ? [getAlarm(ctx, alarmName)] : Object.values(ctx.store.alarms);
      if (resourceName !== undefined)
        alarms = alarms.filter((a) => a.monitoredResource.name === resourceName);
      const now = ctx.clock.now();
      // Paged by the server (pagination.ts), like every paginated action.
      return { alarms: alarms.map((a) => alarmView(a, ctx.region, now)) };
    },
    { mutating: false },
  );

  registry.register(
    'DeleteAlarm',
    (ctx, params) => {
      const alarm = getAlarm(ctx, requireName(params, 'alarmName'));
      delete ctx.store.alarms[alarm.name];
      return operationOn(ctx, alarm, 'Alarm', 'DeleteAlarm');
    },
    { mutating: true },
  );

  registry.register(
    'TestAlarm',
    (ctx, params) => {
      const alarm = getAlarm(ctx, requireName(params, 'alarmName'));
      const state = requireOneOf('state', requireString(params, 'state'), ALARM_STATES);
      // As on Lightsail, the tested state holds until the alarm's next evaluation, one period on.
      alarm.test = { state, untilAtMs: ctx.clock.after(ALARM_PERIOD_SECONDS) };
      return operationOn(ctx, alarm, 'Alarm', 'TestAlarm');
    },
    { mutating: true },
  );
}
