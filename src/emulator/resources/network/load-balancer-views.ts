import type { ActionContext } from '../../registry';
import { instanceStateName, lifecycle, resourceBase } from '../../views';
import { isValidationRecordPresent } from '../domains/validation-record';
import { effectiveBehaviour, servedPortsOf, statusFor } from '../instance-serving/behaviour';
import type { LoadBalancerTarget, StoredLbCertificate, StoredLoadBalancer } from './types';

/** Load balancers and their TLS certificates as Lightsail shows them, states from the clock. */

export const TLS_POLICIES = [
  {
    name: 'TLS-2016-08',
    isDefault: true,
    description: 'TLS 1.0, 1.1 and 1.2, with ciphers for older clients.',
    protocols: ['TLSv1', 'TLSv1.1', 'TLSv1.2'],
    ciphers: [
      'ECDHE-ECDSA-AES128-GCM-SHA256',
      'ECDHE-RSA-AES128-GCM-SHA256',
      'AES128-GCM-SHA256',
      'AES128-SHA',
    ],
  },
  {
    name: 'TLS-FS-Res-1-2-2019-08',
    isDefault: false,
    description: 'TLS 1.2 only, forward-secret ciphers.',
    protocols: ['TLSv1.2'],
    ciphers: [
      'ECDHE-ECDSA-AES128-GCM-SHA256',
      'ECDHE-RSA-AES128-GCM-SHA256',
      'ECDHE-ECDSA-AES256-GCM-SHA384',
    ],
  },
  {
    name: 'TLS-2019-08',
    isDefault: false,
    description: 'TLS 1.1 and 1.2.',
    protocols: ['TLSv1.1', 'TLSv1.2'],
    ciphers: ['ECDHE-ECDSA-AES128-GCM-SHA256', 'ECDHE-RSA-AES128-GCM-SHA256', 'AES128-GCM-SHA256'],
  },
];

/** The CNAME that validates a certificate's domain: derived from the certificate, so stable. */
export function validationRecord(c: StoredLbCertificate, domainName: string) {
  const token = Buffer.from(`${c.arn}/${domainName}`).toString('hex').slice(-32);
  return {
    name: `_${token}.${domainName}.`,
    type: 'CNAME',
    value: `_${token.split('').reverse().join('')}.acm-validations.aws.`,
  };
}

/** PENDING_VALIDATION until its records are in a Lightsail domain or the time runs out; FAILED if failed. */
export function certificateStatus(
  ctx: ActionContext,
  c: StoredLbCertificate,
): 'PENDING_VALIDATION' | 'ISSUED' | 'FAILED' {
  const now = ctx.clock.now();
  if (c.failed) return 'FAILED';
  if (c.validatedAtMs !== undefined || now >= c.issueByAtMs) return 'ISSUED';
  const names = [c.domainName, ...c.subjectAlternativeNames];
  if (names.every((d) => isValidationRecordPresent(ctx.state, validationRecord(c, d)))) {
    // Remembered, so removing the record later does not un-issue it (saved with the next change).
    c.validatedAtMs = now;
    return 'ISSUED';
  }
  return 'PENDING_VALIDATION';
}

const issuedAtMs = (c: StoredLbCertificate) => c.validatedAtMs ?? c.issueByAtMs;

export function certificateView(ctx: ActionContext, c: StoredLbCertificate) {
  const status = certificateStatus(ctx, c);
  const issued = status === 'ISSUED';
  const validationStatus = issued ? 'SUCCESS' : status === 'FAILED' ? 'FAILED' : 'PENDING_VALIDATION';
  const names = [c.domainName, ...c.subjectAlternativeNames];
  const notBefore = issuedAtMs(c);
  return {
    ...resourceBase(c, ctx.region, 'LoadBalancerTlsCertificate'),
    loadBalancerName: c.loadBalancerName,
    isAttached: c.isAttached,
    status,
    domainName: c.domainName,
    domainValidationRecords: names.map((d) => ({
      ...validationRecord(c, d),
      domainName: d,
      validationStatus,
    })),
    // failureReason, revocationReason and revokedAt appear only for failed or revoked certificates.
    ...(status === 'FAILED' ? { failureReason: 'OTHER' } : {}),
    issuedAt: issued ? notBefore / 1000 : undefined,
    issuer: 'Amazon',
    keyAlgorithm: 'RSA-2048',
    notAfter: issued ? (notBefore + 395 * 86_400_000) / 1000 : undefined,
    notBefore: issued ? notBefore / 1000 : undefined,
    renewalSummary: {
      renewalStatus: issued ? 'SUCCESS' : 'PENDING_VALIDATION',
      domainValidationOptions: names.map((d) => ({ domainName: d, validationStatus })),
    },
    serial: issued ? c.serial : '',
    signatureAlgorithm: 'SHA256WITHRSA',
    subject: `CN=${c.domainName}`,
    subjectAlternativeNames: names,
  };
}

/** How long the load balancer waits for an instance's answer to a health check, in real ms. */
export const HEALTH_CHECK_TIMEOUT_MS = 5000;

/**
 * A target's health as Lightsail reports it: initial while the first checks run, then what the
 * instance's own software answers on the load balancer's instancePort at its healthCheckPath
 * (the same answer its loopback listener gives, behaviour.ts): healthy for 200, unhealthy for
 * another status, a closed port or an answer slower than the check's timeout; unused while the
 * instance is not running (Instance.InvalidState, as the reference says of stopped targets).
 */
function targetHealth(ctx: ActionContext, lb: StoredLoadBalancer, t: LoadBalancerTarget) {
  const now = ctx.clock.now();
  if (t.detachedAtMs !== undefined) {
    return now < t.detachedAtMs
      ? { instanceHealth: 'draining', instanceHealthReason: 'Instance.DeregistrationInProgress' }
      : { instanceHealth: 'unused', instanceHealthReason: 'Instance.NotRegistered' };
  }
  const instance = ctx.store.instances[t.instanceName];
  if (!instance) return { instanceHealth: 'unused', instanceHealthReason: 'Instance.NotRegistered' };
  if (now < t.healthyAtMs)
    return { instanceHealth: 'initial', instanceHealthReason: 'Lb.InitialHealthChecking' };
  if (instanceStateName(instance, now) !== 'running') {
    return { instanceHealth: 'unused', instanceHealthReason: 'Instance.InvalidState' };
  }
  const behaviour = effectiveBehaviour(ctx.store, instance);
  if (
    !servedPortsOf(instance).includes(lb.instancePort) ||
    (behaviour.delayMs ?? 0) > HEALTH_CHECK_TIMEOUT_MS
  ) {
    return { instanceHealth: 'unhealthy', instanceHealthReason: 'Instance.Timeout' };
  }
  // A healthy target has no reason: the model's InstanceHealthReason enum has none for it.
  return statusFor(behaviour, lb.healthCheckPath) === 200
    ? { instanceHealth: 'healthy' }
    : { instanceHealth: 'unhealthy', instanceHealthReason: 'Instance.ResponseCodeMismatch' };
}

export function loadBalancerState(lb: StoredLoadBalancer, now: number): 'provisioning' | 'active' | 'failed' {
  const stage = lifecycle(lb, now);
  return stage === 'pending' ? 'provisioning' : stage === 'error' ? 'failed' : 'active';
}

export function loadBalancerView(ctx: ActionContext, lb: StoredLoadBalancer) {
  const https = Object.values(lb.certificates).some((c) => c.isAttached);
  return {
    ...resourceBase(lb, ctx.region, 'LoadBalancer'),
    dnsName: lb.dnsName,
    state: loadBalancerState(lb, ctx.clock.now()),
    protocol: https ? 'HTTP_HTTPS' : 'HTTP',
    publicPorts: https ? [80, 443] : [80],
    healthCheckPath: lb.healthCheckPath,
    instancePort: lb.instancePort,
    instanceHealthSummary: lb.targets.map((t) => ({
      instanceName: t.instanceName,
      ...targetHealth(ctx, lb, t),
    })),
    tlsCertificateSummaries: Object.values(lb.certificates).map((c) => ({
      name: c.name,
      isAttached: c.isAttached,
    })),
    configurationOptions: {
      HealthCheckPath: lb.healthCheckPath,
      HttpsRedirectionEnabled: String(lb.httpsRedirectionEnabled),
      TlsPolicyName: lb.tlsPolicyName,
      SessionStickinessEnabled: String(lb.sessionStickinessEnabled),
      SessionStickiness_LB_CookieDurationSeconds: String(lb.cookieDurationSeconds),
    },
    ipAddressType: lb.ipAddressType,
    httpsRedirectionEnabled: lb.httpsRedirectionEnabled,
    tlsPolicyName: lb.tlsPolicyName,
  };
}
