import type { RegionStore } from '../../state';

/** As on Lightsail, a resource's alarms are deleted with it. */
export function deleteAlarmsOf(store: RegionStore, resourceArn: string): void {
  for (const alarm of Object.values(store.alarms)) {
    if (alarm.monitoredResource.arn === resourceArn) delete store.alarms[alarm.name];
  }
}
