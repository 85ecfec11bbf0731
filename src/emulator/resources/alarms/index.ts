import type { ActionRegistry } from '../../registry';
import { registerAlarms } from './alarms';
import { registerContactMethods } from './contact-methods';

/** Alarms on instance and load balancer metrics, and the contact methods they notify. */
export function registerAlarmFamily(registry: ActionRegistry): void {
  registerContactMethods(registry);
  registerAlarms(registry);
}
