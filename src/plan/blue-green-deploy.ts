import { containerActivities, type ServiceSummary } from '../../activities/containers';
import { distributionActivities } from '../../activities/distributions';
import { releaseKeys } from '../locks/name-lock-keys';
import type { BlueGreenDeployParsedInput } from '../schemas/blue-green-deploy';
import { failed, passed, readCheck } from './checks';
import type { PlanDeps } from './deps';
import { releaseTurn } from './name-lock-checks';
import type { PlanCheck, PlanFindings } from './plan';
import { blueGreenDeploySteps } from './steps/blue-green-deploy';

type InPlaceInput = Extract<BlueGreenDeployParsedInput, { strategy: 'in-place' }>;
type BlueGreenInput = Extract<BlueGreenDeployParsedInput, { strategy: 'blue-green' }>;

/** States in which a run waits for the service before deploying (awaitServiceSettled). */
const BUSY_STATES = new Set(['PENDING', 'DEPLOYING', 'UPDATING']);

/**
 * What a blueGreenDeploy run would meet: whether another release holds its turn, and the
 * service (in place), or which side of the pair the distribution serves and whether the idle side
 * exists (blue-green). Reads only.
 */
export async function planBlueGreenDeploy(
  deps: PlanDeps,
  input: BlueGreenDeployParsedInput,
): Promise<PlanFindings> {
  const checks: PlanCheck[] = [await releaseTurn(deps, releaseKeys(input))];
  const facts: Record<string, string> = {};
  if (input.strategy === 'in-place') checks.push(...(await checkInPlace(deps, input, facts)));
  else checks.push(...(await checkPair(deps, input, facts)));
  return { checks, facts, steps: blueGreenDeploySteps(input) };
}

function readService(deps: PlanDeps, region: string, serviceName: string) {
  return containerActivities({ clients: deps.clients }).describeService({ region, serviceName });
}

function describeState(service: ServiceSummary): string {
  const version = service.current ? `, serving version ${service.current.version}` : ', no deployment yet';
  const wait = BUSY_STATES.has(service.state) ? '; the run would wait until it settles' : '';
  return `${service.name} is ${service.state}${version}${wait}`;
}

/** A service the run deploys to or releases from: it must exist and not be going away. */
function serviceCheck(
  name: string,
  field: string,
  region: string,
  serviceName: string,
  service: ServiceSummary | undefined,
): PlanCheck {
  if (!service) return failed(name, `Container service ${serviceName} does not exist in ${region}`, field);
  if (service.state === 'DELETING') {
    return failed(name, `Container service ${serviceName} in ${region} is being deleted`, field);
  }
  return passed(name, describeState(service), field);
}

async function checkInPlace(
  deps: PlanDeps,
  input: InPlaceInput,
  facts: Record<string, string>,
): Promise<PlanCheck[]> {
  const { region, serviceName } = input;
  const { check, value } = await readCheck(
    'service',
    'serviceName',
    () => readService(deps, region, serviceName),
    () => '',
  );
  if (check.status !== 'passed') return [check];
  const checked = serviceCheck('service', 'serviceName', region, serviceName, value);
  if (checked.status !== 'passed' || !value) return [checked];
  facts.serving = serviceName;
  if (value.current) facts['current version'] = String(value.current.version);
  if (!value.url) {
    return [failed('service', `Container service ${serviceName} has no public URL to verify`, 'serviceName')];
  }
  return [checked];
}

async function checkPair(
  deps: PlanDeps,
  input: BlueGreenInput,
  facts: Record<string, string>,
): Promise<PlanCheck[]> {
  const { region } = input;
  const origin = await readCheck(
    'serving side',
    'distributionName',
    () =>
      distributionActivities({ clients: deps.clients }).describeDistribution({
        distributionName: input.distributionName,
      }),
    (d) => `${input.distributionName} serves ${d.origin.name} in ${d.origin.regionName}`,
  );
  if (!origin.value) return [origin.check];
  const live = origin.value.origin;
  if (!input.services.includes(live.name) || live.regionName !== region) {
    return [
      failed(
        'serving side',
        `${input.distributionName} serves ${live.resourceType} ${live.name} in ${live.regionName}, which is not one of ${input.services.join(' and ')} in ${region}`,
        'services',
      ),
    ];
  }
  const idle = input.services.find((s) => s !== live.name)!;
  facts.serving = live.name;
  facts.idle = idle;

  const liveRead = await readCheck(
    'serving service',
    'services',
    () => readService(deps, region, live.name),
    () => '',
  );
  const liveCheck =
    liveRead.check.status === 'passed'
      ? serviceCheck('serving service', 'services', region, live.name, liveRead.value)
      : liveRead.check;

  const idleRead = await readCheck(
    'idle service',
    'services',
    () => readService(deps, region, idle),
    () => '',
  );
  let idleCheck = idleRead.check;
  if (idleCheck.status === 'passed') {
    idleCheck = idleRead.value
      ? serviceCheck('idle service', 'services', region, idle, idleRead.value)
      : passed(
          'idle service',
          `${idle} does not exist in ${region}; the run would create it${liveRead.value ? ` like ${live.name} (${liveRead.value.power} x${liveRead.value.scale})` : ''}`,
          'services',
        );
  }
  facts['idle exists'] = idleRead.value ? 'yes' : 'no';
  return [origin.check, liveCheck, idleCheck];
}
