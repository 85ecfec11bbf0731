import type { BlueGreenDeployParsedInput } from '../../schemas/blue-green-deploy';
import { releaseKeys } from '../../locks/name-lock-keys';
import type { PlannedStep } from './planned-step';

type InPlaceInput = Extract<BlueGreenDeployParsedInput, { strategy: 'in-place' }>;
type BlueGreenInput = Extract<BlueGreenDeployParsedInput, { strategy: 'blue-green' }>;

/** The first step of every release: its turn on what it changes (lockReleaseTargets). */
export function releaseTurnStep(input: BlueGreenDeployParsedInput): PlannedStep {
  return {
    id: 'turn',
    title: `Wait until no other run releases to ${releaseKeys(input)
      .map((k) => k.name)
      .join(', ')}`,
  };
}

/** releaseInPlace's steps; a failed verification adds a rollback step then. */
export function inPlaceSteps(input: InPlaceInput): PlannedStep[] {
  return [
    { id: 'inspect', title: `Inspect ${input.serviceName} in ${input.region}` },
    { id: 'deploy', title: 'Deploy the new version' },
    {
      id: 'verify',
      title: `Verify GET ${input.verification.path} answers ${input.verification.expectedStatus}`,
    },
  ];
}

/** releaseBlueGreen's steps; a failure after the switch adds a switch-back step then. */
export function blueGreenSteps(input: BlueGreenInput): PlannedStep[] {
  return [
    { id: 'find-live', title: `Find which service ${input.distributionName} serves` },
    { id: 'prepare-idle', title: 'Prepare the idle service' },
    { id: 'deploy', title: 'Deploy to the idle service' },
    { id: 'verify', title: `Verify the idle service: GET ${input.verification.path}` },
    ...(input.approval
      ? [{ id: 'approval', title: `Wait for approval (up to ${input.approval.timeoutMinutes} min)` }]
      : []),
    { id: 'switch', title: 'Switch the distribution to the idle service' },
    { id: 'cut-over', title: 'Wait until the distribution is deployed, then reset its cache' },
    { id: 'bake', title: `Watch health for ${input.bakeMinutes} min` },
    ...(input.afterBake !== 'keep' ? [{ id: 'retire', title: `${input.afterBake} the old side` }] : []),
  ];
}

/** blueGreenDeploy's steps, in the order a new run plans them. */
export function blueGreenDeploySteps(input: BlueGreenDeployParsedInput): PlannedStep[] {
  return [
    releaseTurnStep(input),
    ...(input.strategy === 'in-place' ? inPlaceSteps(input) : blueGreenSteps(input)),
  ];
}
