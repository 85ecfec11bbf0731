import type { StoredBase } from '../../state';

export const ALARM_STATES = ['OK', 'ALARM', 'INSUFFICIENT_DATA'] as const;
export type AlarmState = (typeof ALARM_STATES)[number];

export const CONTACT_PROTOCOLS = ['Email', 'SMS'] as const;
export type ContactProtocol = (typeof CONTACT_PROTOCOLS)[number];

export const COMPARISON_OPERATORS = [
  'GreaterThanOrEqualToThreshold',
  'GreaterThanThreshold',
  'LessThanThreshold',
  'LessThanOrEqualToThreshold',
] as const;

export const TREAT_MISSING_DATA = ['breaching', 'notBreaching', 'ignore', 'missing'] as const;

/** The resource types an alarm can watch in the emulator (databases are not modelled here). */
export type MonitoredResourceType = 'Instance' | 'LoadBalancer';

/** An alarm as PutAlarm configured it; its state is derived on read (alarm-state.ts). */
export interface StoredAlarm extends StoredBase {
  monitoredResource: { name: string; arn: string; resourceType: MonitoredResourceType; createdAtMs: number };
  metricName: string;
  comparisonOperator: (typeof COMPARISON_OPERATORS)[number];
  threshold: number;
  evaluationPeriods: number;
  datapointsToAlarm: number;
  treatMissingData: (typeof TREAT_MISSING_DATA)[number];
  contactProtocols: ContactProtocol[];
  notificationEnabled: boolean;
  notificationTriggers: AlarmState[];
  /** Set by TestAlarm: the state the alarm shows until the next evaluation, `untilAtMs`. */
  test?: { state: AlarmState; untilAtMs: number };
}

/** A contact method; an email address is verified `verifiedAtMs` (as if its link was followed). */
export interface StoredContactMethod extends StoredBase {
  protocol: ContactProtocol;
  contactEndpoint: string;
  verifiedAtMs: number;
}
