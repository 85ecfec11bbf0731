import { BLUEPRINTS } from '../catalog';
import { invalidInput, notFound } from '../errors';
import type { ActionContext, ActionRegistry } from '../registry';
import type { EmulatorState, StoredInstance } from '../state';
import { requireName, requireOneOf, requireString, requireStringList } from '../validation';
import { instanceStateName, resourceBase } from '../views';
import { dnsName, fullEntryName } from './domains/validation-record';
import { getInstanceOrThrow } from './instances';
import { instanceAddresses } from './network/instance-view';

/**
 * SetupInstanceHttps and GetSetupHistory: Lightsail installs a Let's Encrypt certificate on an
 * instance by running certbot on it. The setup runs for 120 AWS seconds (`inProgress`), then
 * `succeeded`, or `failed` when a Lightsail domain of the emulator holds one of the names without
 * an A record pointing at the instance (Let's Encrypt's HTTP challenge could not reach it), or
 * under an `operationFailure` fault rule. Names no Lightsail domain holds are taken on trust
 * (DNS elsewhere). The email address is sensitive: it is checked and never stored.
 */

export interface StoredHttpsSetup {
  operationId: string;
  instanceName: string;
  instanceArn: string;
  domainNames: string[];
  certificateProvider: string;
  startedAtMs: number;
  completesAtMs: number;
  /** Why it failed, as certbot would say it; undefined when it succeeds. */
  failure?: string;
}

const SETUP_SECONDS = 120;
/** GetSetupHistory answers this many of the latest setups. */
const HISTORY_LENGTH = 5;
const MAX_DOMAIN_NAMES = 10;
// The model's patterns (SetupDomainName, EmailAddress).
const SETUP_DOMAIN_NAME = /^[a-zA-Z0-9-]{1,63}(\.[a-zA-Z0-9-]{1,63}){0,8}(\.[a-zA-Z]{2,63})$/;
const EMAIL_ADDRESS =
  /^[\w!#$%&.'*+/=?^_`{|}~-]{1,64}@[a-zA-Z0-9-]{1,63}(\.[a-zA-Z0-9-]{1,63}){0,8}(\.[a-zA-Z]{2,63})$/;

/** Steps of a setup, as its execution details list them, with the command each runs. */
const STEPS = [
  { name: 'Verify the domain names', command: 'dig +short A {domains}' },
  { name: 'Install certbot', command: 'sudo snap install --classic certbot' },
  { name: 'Request the certificate', command: 'sudo certbot certonly --webroot -d {domains}' },
  { name: 'Configure the web server', command: 'sudo certbot install --cert-name {first}' },
  { name: 'Schedule the renewal', command: 'sudo systemctl enable --now snap.certbot.renew.timer' },
];

/** The first name a Lightsail domain of the emulator holds without an A record to `address`. */
function unreachableName(state: EmulatorState, names: string[], address: string): string | undefined {
  const domains = Object.values(state).flatMap((store) => Object.values(store.domains));
  return names.find((name) => {
    const wanted = dnsName(name);
    const zone = domains.find((d) => wanted === dnsName(d.name) || wanted.endsWith(`.${dnsName(d.name)}`));
    if (!zone) return false;
    return !zone.entries.some(
      (e) => e.type === 'A' && fullEntryName(e.name, zone.name) === wanted && e.target === address,
    );
  });
}

function domainNamesParam(params: Record<string, unknown>): string[] {
  const names = requireStringList(params, 'domainNames');
  if (names.length > MAX_DOMAIN_NAMES) {
    throw invalidInput(`domainNames takes at most ${MAX_DOMAIN_NAMES} names; got ${names.length}.`);
  }
  for (const name of names) {
    if (name.length < 4 || name.length > 253 || !SETUP_DOMAIN_NAME.test(name)) {
      throw invalidInput(`domainNames "${name}" is not a valid domain name (e.g. example.com).`);
    }
  }
  // The model: with more than one name, at least one must fit a certificate's common name.
  if (names.length > 1 && !names.some((n) => n.length <= 63)) {
    throw invalidInput('At least one of the domainNames must be 63 characters or fewer.');
  }
  return names;
}

function setupInstance(ctx: ActionContext, instance: StoredInstance): void {
  const state = instanceStateName(instance, ctx.clock.now());
  if (state !== 'running') {
    throw invalidInput(
      `The instance ${instance.name} is ${state}; HTTPS can be set up only on a running instance. Please try again once it is running.`,
    );
  }
  const platform = BLUEPRINTS.find((b) => b.blueprintId === instance.blueprintId)?.platform;
  if (platform === 'WINDOWS') {
    throw invalidInput(`SetupInstanceHttps supports Linux/Unix instances; ${instance.name} runs Windows.`);
  }
}

function setupStatus(setup: StoredHttpsSetup, now: number): 'inProgress' | 'succeeded' | 'failed' {
  if (now < setup.completesAtMs) return 'inProgress';
  return setup.failure ? 'failed' : 'succeeded';
}

function setupView(setup: StoredHttpsSetup, instance: StoredInstance, region: string, now: number) {
  const status = setupStatus(setup, now);
  const domains = setup.domainNames.join(' -d ');
  const stepMs = (setup.completesAtMs - setup.startedAtMs) / STEPS.length;
  // A failure stops at the certificate request, the step that needs the names to reach the instance.
  const failedStep = setup.failure ? 2 : STEPS.length;
  const executionDetails = STEPS.map((step, i) => {
    const startedAtMs = setup.startedAtMs + i * stepMs;
    if (now < startedAtMs || i > failedStep) return undefined;
    const finished = now >= startedAtMs + stepMs;
    const stepStatus = !finished ? 'inProgress' : i === failedStep ? 'failed' : 'succeeded';
    return {
      name: step.name,
      command: step.command.replace('{domains}', domains).replace('{first}', setup.domainNames[0]!),
      dateTime: startedAtMs / 1000,
      status: stepStatus,
      standardOutput: stepStatus === 'succeeded' ? `${step.name}: done.` : '',
      standardError: stepStatus === 'failed' ? (setup.failure ?? '') : '',
      version: '1',
    };
  }).filter((detail) => detail !== undefined);
  const base = resourceBase(instance, region, 'Instance');
  return {
    operationId: setup.operationId,
    request: {
      instanceName: setup.instanceName,
      domainNames: setup.domainNames,
      certificateProvider: setup.certificateProvider,
    },
    resource: {
      name: base.name,
      arn: base.arn,
      createdAt: base.createdAt,
      location: base.location,
      resourceType: base.resourceType,
    },
    executionDetails,
    status,
  };
}

export function registerInstanceHttps(registry: ActionRegistry): void {
  registry.register(
    'SetupInstanceHttps',
    (ctx, params) => {
      const instance = getInstanceOrThrow(ctx, requireName(params, 'instanceName'));
      const email = requireString(params, 'emailAddress');
      if (email.length < 6 || email.length > 254 || !EMAIL_ADDRESS.test(email)) {
        throw invalidInput('The emailAddress parameter is not a valid email address.');
      }
      const domainNames = domainNamesParam(params);
      const provider = requireOneOf('certificateProvider', requireString(params, 'certificateProvider'), [
        'LetsEncrypt',
      ]);
      setupInstance(ctx, instance);
      const address = instanceAddresses(instance).publicIpAddress;
      const unreachable = unreachableName(ctx.state, domainNames, address);
      const operation = ctx.operation({
        resourceName: instance.name,
        resourceType: 'Instance',
        operationType: 'SetupInstanceHttps',
        availabilityZone: instance.availabilityZone,
        awsSeconds: SETUP_SECONDS,
      });
      ctx.store.httpsSetups[operation.id] = {
        operationId: operation.id,
        instanceName: instance.name,
        instanceArn: instance.arn,
        domainNames,
        certificateProvider: provider,
        startedAtMs: ctx.clock.now(),
        completesAtMs: ctx.clock.after(SETUP_SECONDS),
        failure: ctx.failure
          ? `${ctx.failure.errorCode}: ${ctx.failure.errorDetails}`
          : unreachable &&
            `Certbot failed to authenticate some domains: ${unreachable} does not resolve to ${address}; point an A record at the instance and try again.`,
      };
      return { operations: [operation] };
    },
    { mutating: true },
  );

  registry.register(
    'GetSetupHistory',
    (ctx, params) => {
      const name = requireName(params, 'resourceName');
      const instance = ctx.store.instances[name];
      if (!instance) throw notFound(`The Instance does not exist: ${name} in ${ctx.region}.`);
      const now = ctx.clock.now();
      // Stored oldest first: reversed, a stable sort keeps the newest first among equal times.
      const setupHistory = Object.values(ctx.store.httpsSetups)
        .filter((s) => s.instanceArn === instance.arn)
        .reverse()
        .sort((a, b) => b.startedAtMs - a.startedAtMs)
        .slice(0, HISTORY_LENGTH)
        .map((s) => setupView(s, instance, ctx.region, now));
      return { setupHistory };
    },
    { mutating: false },
  );
}
