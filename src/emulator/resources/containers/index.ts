import type { ActionRegistry } from '../../registry';
import { metricDatapoints, metricRequestParam } from '../metric-data';
import { registerContainerImages } from './images';
import { getContainerLog } from './logs';
import { POWERS } from './powers';
import { getService, registerContainerServices, serviceNameParam } from './services';

export { ContainerServer } from './container-server';

/** Container services: the service, its deployments, images, logs, metrics and powers. */
export function registerContainerFamily(registry: ActionRegistry): void {
  registerContainerServices(registry);
  registerContainerImages(registry);

  registry.register(
    'GetContainerLog',
    (ctx, params) => getContainerLog(ctx, params, getService(ctx, serviceNameParam(params))),
    { mutating: false },
  );

  registry.register(
    'GetContainerServiceMetricData',
    (ctx, params) => {
      const s = getService(ctx, serviceNameParam(params));
      const request = metricRequestParam(params, ['CPUUtilization', 'MemoryUtilization']);
      return {
        metricName: request.metricName,
        metricData: metricDatapoints(request, {
          resourceKey: s.arn,
          sinceMs: s.createdAtMs,
          nowMs: ctx.clock.now(),
          unit: 'Percent',
          range: request.metricName === 'CPUUtilization' ? [2, 40] : [20, 70],
        }),
      };
    },
    { mutating: false },
  );

  registry.register(
    'GetContainerServicePowers',
    () => ({ powers: POWERS.map((p) => ({ ...p, isActive: true })) }),
    { mutating: false },
  );
}
