import { CONTAINER_DURATIONS } from '../src/emulator/resources/containers/types';
import { DOMAIN_DURATIONS } from '../src/emulator/resources/domains/types';
import { createDistribution, createRunningService, shopDeployment } from '../test/support/container-fixtures';
import { uniqueName } from '../test/support/fixtures';
import { onFastClock, type BenchStack } from './stack';

/** Where every benchmark release runs: the distribution's region, so one bucket serves both. */
export const RELEASE_REGION = 'us-east-1';

/**
 * How long each release bakes, in Lightsail seconds: a minute of health checks after the switch
 * (the procedure's default is ten, which would make the scenario ten times as long).
 */
export const BAKE_AWS_SECONDS = 60;

/**
 * The Lightsail seconds a release cannot go faster than, from the emulator's durations: the new
 * deployment on the idle service, the distribution's move to it, then the bake. Verification
 * (two GETs 50 ms apart) and the cache reset's call add nothing to wait for.
 */
export const RELEASE_AWS_SECONDS =
  CONTAINER_DURATIONS.deploy + DOMAIN_DURATIONS.updateDistribution + BAKE_AWS_SECONDS;

/** Two running services, both at version 1, and a distribution serving the first. */
export interface ReleasePair {
  services: [string, string];
  distributionName: string;
}

/**
 * `count` pairs in RELEASE_REGION (the blue-green tests' fixtures), made on a fast clock. Both
 * services exist from the start, so no release pays the 300 s of creating its idle side.
 */
export function arrangeReleasePairs(
  stack: BenchStack,
  count: number,
  prefix: string,
): Promise<ReleasePair[]> {
  return onFastClock(stack, () =>
    Promise.all(
      Array.from({ length: count }, async (): Promise<ReleasePair> => {
        const services: [string, string] = [uniqueName(`${prefix}-blue`), uniqueName(`${prefix}-green`)];
        await Promise.all(
          services.map((s) => createRunningService(stack.clients, RELEASE_REGION, s, shopDeployment('1'))),
        );
        const distributionName = uniqueName(`${prefix}-cdn`);
        await createDistribution(stack.clients, distributionName, {
          name: services[0],
          regionName: RELEASE_REGION,
        });
        return { services, distributionName };
      }),
    ),
  );
}
