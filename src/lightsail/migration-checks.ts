import { GetBlueprintsCommand, GetBundlesCommand, type Bundle } from '@aws-sdk/client-lightsail';
import { callLightsail } from './call';
import { allPages } from './pages';
import type { LightsailClients } from './clients';
import type { InstanceProfile } from './instance-profile';
import { readInstance } from './instances';
import { listStaticIps } from './instance-profile';
import { STATIC_IPS_PER_REGION } from '../lightsail-facts';

/** One reason a migration cannot start, naming the input field it is about. */
export interface MigrationProblem {
  field: string;
  message: string;
}

export interface MigrationTargetPlan {
  region: string;
  bundleId: string;
  availabilityZone: string;
  /** Absent when the plan cannot know it: a default name carries the run's suffix. */
  newInstanceName?: string;
}

/**
 * Every check a migration makes before anything changes, also run by `plan`: the instance can be
 * snapshotted, the bundle exists, fits the blueprint's platform and holds the disk, the new name
 * is free, and a static IP can be allocated in another region. Reads only.
 */
export async function migrationProblems(
  clients: LightsailClients,
  source: InstanceProfile,
  target: MigrationTargetPlan,
  carryStaticIp: boolean,
): Promise<MigrationProblem[]> {
  const problems: MigrationProblem[] = [];
  if (source.state !== 'running' && source.state !== 'stopped') {
    problems.push({
      field: 'instanceName',
      message: `instance ${source.name} is ${source.state}; it must be running or stopped to be migrated`,
    });
  }
  // The catalogue is paged like any list: every page is read, or a bundle on page two "does not exist".
  const [bundles, blueprints] = await Promise.all([
    allPages(async (pageToken) => {
      const out = await callLightsail(clients, target.region, 'GetBundles', (c) =>
        c.send(new GetBundlesCommand({ includeInactive: true, pageToken })),
      );
      return { items: out.bundles, next: out.nextPageToken };
    }),
    allPages(async (pageToken) => {
      const out = await callLightsail(clients, source.region, 'GetBlueprints', (c) =>
        c.send(new GetBlueprintsCommand({ includeInactive: true, pageToken })),
      );
      return { items: out.blueprints, next: out.nextPageToken };
    }),
  ]);
  const bundle = bundles.find((b) => b.bundleId === target.bundleId);
  const sourceBundle = bundles.find((b) => b.bundleId === source.bundleId);
  const platform = blueprints.find((b) => b.blueprintId === source.blueprintId)?.platform;
  if (!bundle) {
    problems.push({
      field: 'target.bundleId',
      message: `bundle ${target.bundleId} does not exist in ${target.region}; \`aws lightsail get-bundles\` lists them`,
    });
  } else {
    problems.push(...bundleProblems(bundle, sourceBundle, platform, source));
  }
  if (target.newInstanceName && (await readInstance(clients, target.region, target.newInstanceName))) {
    problems.push({
      field: 'newInstanceName',
      message: `an instance named ${target.newInstanceName} already exists in ${target.region}; choose another newInstanceName`,
    });
  }
  if (carryStaticIp && source.staticIp && target.region !== source.region) {
    const held = (await listStaticIps(clients, target.region)).length;
    if (held >= STATIC_IPS_PER_REGION) {
      problems.push({
        field: 'target.region',
        message: `${target.region} already holds ${held} static IPs, Lightsail's quota of ${STATIC_IPS_PER_REGION}: release one there, or set carryOver.staticIp to false`,
      });
    }
  }
  return problems;
}

function bundleProblems(
  bundle: Bundle,
  sourceBundle: Bundle | undefined,
  platform: string | undefined,
  source: InstanceProfile,
): MigrationProblem[] {
  const problems: MigrationProblem[] = [];
  if (bundle.isActive === false) {
    problems.push({
      field: 'target.bundleId',
      message: `bundle ${bundle.bundleId} is no longer offered; choose an active one`,
    });
  }
  if (platform && bundle.supportedPlatforms && !bundle.supportedPlatforms.includes(platform as never)) {
    problems.push({
      field: 'target.bundleId',
      message: `bundle ${bundle.bundleId} is for ${bundle.supportedPlatforms.join('/')} instances; ${source.name} runs ${source.blueprintId} (${platform})`,
    });
  }
  const needed = sourceBundle?.diskSizeInGb;
  if (needed !== undefined && bundle.diskSizeInGb !== undefined && bundle.diskSizeInGb < needed) {
    problems.push({
      field: 'target.bundleId',
      message: `bundle ${bundle.bundleId} has a ${bundle.diskSizeInGb} GB disk, smaller than the ${needed} GB of ${source.name}'s bundle ${source.bundleId}; choose a bundle with at least ${needed} GB`,
    });
  }
  return problems;
}
