import { createHash, randomBytes } from 'node:crypto';
import type { Clock } from '../../clock';
import { invalidInput, notFound } from '../../errors';
import type { ActionContext, ActionRegistry } from '../../registry';
import type { EmulatorState } from '../../state';
import {
  checkName,
  optionalString,
  requireOneOf,
  requireString,
  tagsParam,
  type Params,
} from '../../validation';
import {
  checkDomainName,
  globalOperation,
  newGlobalResource,
  GLOBAL_REGION,
  zonelessTaggable,
} from './common';
import {
  CERTIFICATE_MAX_ALTERNATIVE_NAMES,
  CERTIFICATE_VALIDITY_DAYS,
  DOMAIN_DURATIONS,
  type StoredCertificate,
  type ValidationRecord,
} from './types';
import { isValidationRecordPresent } from './validation-record';

export const CERTIFICATE_STATUSES = [
  'PENDING_VALIDATION',
  'ISSUED',
  'INACTIVE',
  'EXPIRED',
  'VALIDATION_TIMED_OUT',
  'REVOKED',
  'FAILED',
] as const;
export type CertificateStatus = (typeof CERTIFICATE_STATUSES)[number];

/**
 * The CNAME ACM asks for: a name under the domain and a value under acm-validations.aws, both
 * derived from the certificate and the domain so they are stable and distinct.
 */
export function validationRecord(certificateArn: string, domainName: string): ValidationRecord {
  const hash = (salt: string) =>
    createHash('sha256').update(`${salt}:${certificateArn}:${domainName}`).digest('hex').slice(0, 32);
  return {
    domainName,
    name: `_${hash('name')}.${domainName}.`,
    type: 'CNAME',
    value: `_${hash('value')}.${hash('zone').slice(0, 10)}.acm-validations.aws.`,
  };
}

/**
 * When the certificate is issued: the moment its validation began (records found in a Lightsail
 * domain) plus the validation time, or, without them, after the time a validation by DNS
 * outside the emulator takes.
 */
export function issuedAtMs(cert: StoredCertificate): number {
  return Math.min(cert.issuedAtMs ?? Infinity, cert.validatedElsewhereAtMs);
}

export function certificateStatus(cert: StoredCertificate, clock: Clock): CertificateStatus {
  if (cert.failed) return 'FAILED';
  return clock.now() >= issuedAtMs(cert) ? 'ISSUED' : 'PENDING_VALIDATION';
}

/**
 * Starts the validation of every pending certificate whose records are all in Lightsail domains.
 * Called when domain entries change and when a certificate is created.
 */
export function issueValidatedCertificates(state: EmulatorState, clock: Clock): void {
  for (const store of Object.values(state)) {
    for (const cert of Object.values(store.certificates)) {
      if (cert.issuedAtMs !== undefined || cert.failed) continue;
      if (cert.validationRecords.every((r) => isValidationRecordPresent(state, r))) {
        cert.issuedAtMs = clock.after(DOMAIN_DURATIONS.certificateValidatedInLightsail);
      }
    }
  }
}

/** How many distributions use it (the only resources of this branch that take certificates). */
function inUseCount(state: EmulatorState, region: string, name: string): number {
  if (region !== GLOBAL_REGION) return 0;
  return Object.values(state[GLOBAL_REGION]!.distributions).filter((d) => d.certificateName === name).length;
}

/** The Certificate data type; issue-time fields appear once it is issued, as on AWS. */
export function certificateDetail(cert: StoredCertificate, ctx: ActionContext) {
  const status = certificateStatus(cert, ctx.clock);
  const inUse = inUseCount(ctx.state, ctx.region, cert.name);
  const records = cert.validationRecords.map((r) => ({
    domainName: r.domainName,
    resourceRecord: { name: r.name, type: r.type, value: r.value },
  }));
  const issued = status === 'ISSUED' ? issuedAtMs(cert) : undefined;
  return {
    arn: cert.arn,
    name: cert.name,
    domainName: cert.domainName,
    status,
    subjectAlternativeNames: cert.subjectAlternativeNames,
    domainValidationRecords: records,
    createdAt: cert.createdAtMs / 1000,
    inUseResourceCount: inUse,
    keyAlgorithm: 'RSA-2048',
    issuerCA: 'Amazon',
    eligibleToRenew: issued !== undefined && inUse > 0 ? 'ELIGIBLE' : 'INELIGIBLE',
    supportCode: cert.supportCode,
    tags: cert.tags,
    ...(issued !== undefined
      ? {
          issuedAt: issued / 1000,
          notBefore: issued / 1000,
          notAfter: (issued + CERTIFICATE_VALIDITY_DAYS * 86_400_000) / 1000,
          serialNumber: cert.serialNumber,
        }
      : {}),
    ...(status === 'FAILED' ? { requestFailureReason: 'OTHER' } : {}),
  };
}

/** The CertificateSummary data type, with the detail when asked for. */
export function certificateSummary(cert: StoredCertificate, ctx: ActionContext, withDetail: boolean) {
  return {
    certificateArn: cert.arn,
    certificateName: cert.name,
    domainName: cert.domainName,
    tags: cert.tags,
    ...(withDetail ? { certificateDetail: certificateDetail(cert, ctx) } : {}),
  };
}

export function getCertificateOrThrow(ctx: ActionContext, name: string): StoredCertificate {
  const cert = ctx.store.certificates[name];
  if (!cert) throw notFound(`The Certificate does not exist: ${name} in ${ctx.region}.`);
  return cert;
}

function alternativeNamesParam(params: Params, domainName: string): string[] {
  const raw = params.subjectAlternativeNames;
  if (raw === undefined) return [domainName];
  if (!Array.isArray(raw) || !raw.every((v): v is string => typeof v === 'string')) {
    throw invalidInput('The subjectAlternativeNames parameter must be a list of strings.');
  }
  if (raw.some((n) => n.includes('*'))) {
    throw invalidInput(
      'subjectAlternativeNames: wildcard domain entries (e.g. *.example.com) are not supported.',
    );
  }
  const names = raw.map((n) => checkDomainName('subjectAlternativeNames', n));
  // The primary domain counts as one of the certificate's names, as AWS lists it.
  const all = [...new Set([domainName, ...names])];
  if (all.length > CERTIFICATE_MAX_ALTERNATIVE_NAMES + 1) {
    throw invalidInput(
      `subjectAlternativeNames can hold at most ${CERTIFICATE_MAX_ALTERNATIVE_NAMES} alternate domains besides the primary domain name; got ${all.length - 1}.`,
    );
  }
  return all;
}

function statusesParam(params: Params): CertificateStatus[] | undefined {
  const raw = params.certificateStatuses;
  if (raw === undefined) return undefined;
  if (!Array.isArray(raw)) throw invalidInput('The certificateStatuses parameter must be a list of strings.');
  return raw.map((s) => requireOneOf('certificateStatuses', String(s), CERTIFICATE_STATUSES));
}

/**
 * Certificates are regional (container services use them in their own region); only those of
 * us-east-1 can be attached to distributions.
 */
export function registerCertificates(registry: ActionRegistry): void {
  registry.registerTaggable('Certificate', (store, name) => zonelessTaggable(store.certificates[name]));

  registry.register(
    'CreateCertificate',
    (ctx, params) => {
      const name = requireString(params, 'certificateName');
      checkName('certificateName', name);
      if (ctx.store.certificates[name]) {
        throw invalidInput(`The certificate name ${name} is already in use in ${ctx.region}.`);
      }
      const rawDomain = requireString(params, 'domainName');
      if (rawDomain.includes('*')) {
        throw invalidInput('domainName: wildcard domain names (e.g. *.example.com) are not supported.');
      }
      const domainName = checkDomainName('domainName', rawDomain);
      const alternativeNames = alternativeNamesParam(params, domainName);
      const base = newGlobalResource(ctx, 'Certificate', ctx.region, tagsParam(params));
      const cert: StoredCertificate = {
        name,
        arn: base.arn,
        supportCode: base.supportCode,
        createdAtMs: base.createdAtMs,
        tags: base.tags,
        domainName,
        subjectAlternativeNames: alternativeNames,
        validationRecords: alternativeNames.map((d) => validationRecord(base.arn, d)),
        validatedElsewhereAtMs: ctx.clock.after(DOMAIN_DURATIONS.certificateValidatedElsewhere),
        serialNumber: randomBytes(16).toString('hex').match(/../g)!.join(':'),
        failed: ctx.failure ? true : undefined,
      };
      ctx.store.certificates[name] = cert;
      issueValidatedCertificates(ctx.state, ctx.clock);
      return {
        certificate: certificateSummary(cert, ctx, true),
        operations: [globalOperation(ctx, name, 'Certificate', 'CreateCertificate')],
      };
    },
    { mutating: true },
  );

  registry.register(
    'GetCertificates',
    (ctx, params) => {
      const name = optionalString(params, 'certificateName');
      const statuses = statusesParam(params);
      const details = params.includeCertificateDetails;
      if (details !== undefined && typeof details !== 'boolean') {
        throw invalidInput('The includeCertificateDetails parameter must be a boolean.');
      }
      // Like AWS, a name that matches nothing answers an empty list, not an error.
      const certificates = Object.values(ctx.store.certificates)
        .filter((c) => name === undefined || c.name === name)
        .filter((c) => !statuses || statuses.includes(certificateStatus(c, ctx.clock)))
        .map((c) => certificateSummary(c, ctx, details === true));
      return { certificates };
    },
    { mutating: false },
  );

  registry.register(
    'DeleteCertificate',
    (ctx, params) => {
      const cert = getCertificateOrThrow(ctx, requireString(params, 'certificateName'));
      const users = inUseCount(ctx.state, ctx.region, cert.name);
      if (users > 0) {
        throw invalidInput(
          `The certificate ${cert.name} is attached to ${users} distribution(s); detach it with DetachCertificateFromDistribution before deleting it.`,
        );
      }
      delete ctx.store.certificates[cert.name];
      return { operations: [globalOperation(ctx, cert.name, 'Certificate', 'DeleteCertificate')] };
    },
    { mutating: true },
  );
}
