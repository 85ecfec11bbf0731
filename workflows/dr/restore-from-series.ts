import { ApplicationFailure } from '@temporalio/workflow';
import type { DrSource } from '../../activities/dr';
import type { InstanceProfile } from '../../src/lightsail/instance-profile';
import type { InstanceVerification } from '../../src/schemas/migrate-instance';
import { carryOverSettings, type NewInstance } from '../instances/carry-over';
import { restoreInstanceFromSnapshot } from '../instances/restore';
import { verifyInstance } from '../instances/verify';
import type { activityProxies } from '../support/activity-proxies';
import type { Compensations } from '../support/compensations';
import type { Progress } from '../support/progress';

type Proxies = ReturnType<typeof activityProxies>;

export const DR_VERIFICATION_FAILED = 'VerificationFailed';

/** The settings a restore may carry from the primary instance (all need its profile). */
export interface DrSettings {
  firewall: boolean;
  tags: boolean;
  autoSnapshot: boolean;
  metadataOptions: boolean;
}

/** One instance restored in the DR region and verified healthy. */
export interface DrRestored {
  instanceName: string;
  source: DrSource;
  /** The primary instance's profile, or (primary down) what the snapshot records of it. */
  profile: InstanceProfile;
  to: NewInstance;
  arn: string;
  address: string;
  /** Workflow time (ms) at which the restored instance passed verification. */
  verifiedAtMs: number;
}

/**
 * Restores one instance from the newest snapshot of its DR series in the DR region, carries its
 * settings over as a migration does, and verifies it: the part a failover and a drill share.
 * Everything it makes is registered in `saga` (the caller's, one per instance), so a failure
 * deletes only this instance's leftovers. The primary region is only read, and only when it
 * answers; otherwise the snapshot's own record (bundle, blueprint) stands in, and the progress
 * says so.
 */
export async function restoreFromSeries(
  proxies: Proxies,
  progress: Progress,
  saga: Compensations,
  input: {
    primaryRegion: string;
    drRegion: string;
    instanceName: string;
    newName: string;
    /** The input field the new name came from, for a refusal. */
    nameField: string;
    settings: DrSettings;
    verification: InstanceVerification;
    tags: Record<string, string>;
  },
): Promise<DrRestored> {
  const { instanceName, drRegion, newName } = input;
  const source = await progress.run(`find@${instanceName}`, async () => {
    const found = await proxies.calls.findDrSource({
      primaryRegion: input.primaryRegion,
      drRegion,
      instanceName,
    });
    progress.detail(
      `find@${instanceName}`,
      `${found.snapshot.snapshotName} of series ${found.snapshot.series}, taken ${found.snapshot.createdAt}` +
        (found.profile
          ? `; settings read from ${instanceName}`
          : `; ${found.profileUnavailable}: restoring from what the snapshot records`),
    );
    return found;
  });
  const profile = source.profile ?? profileFromSnapshot(input.primaryRegion, instanceName, source);
  const bundleId = source.snapshot.fromBundleId ?? source.profile?.bundleId;
  if (!bundleId) {
    throw ApplicationFailure.nonRetryable(
      `The snapshot ${source.snapshot.snapshotName} does not record its bundle, and ${input.primaryRegion} did not answer: nothing says how big ${instanceName} was.`,
      'BundleUnknown',
    );
  }
  const letter = profile.availabilityZone.slice(-1) || 'a';
  const to: NewInstance = { region: drRegion, name: newName, availabilityZone: `${drRegion}${letter}` };

  const created = await progress.run(`restore@${instanceName}`, () =>
    restoreInstanceFromSnapshot(proxies, progress, saga, {
      region: drRegion,
      instanceName: newName,
      snapshotName: source.snapshot.snapshotName,
      bundleId,
      availabilityZone: to.availabilityZone,
      ...(source.profile?.ipAddressType
        ? { ipAddressType: source.profile.ipAddressType as 'dualstack' | 'ipv4' | 'ipv6' }
        : {}),
      tags: input.tags,
      nameField: input.nameField,
      vanishAfterMs: proxies.vanishAfterMs,
    }),
  );

  const s = input.settings;
  if (s.firewall || s.tags || s.autoSnapshot || s.metadataOptions) {
    await progress.run(`carry-over@${instanceName}`, async () => {
      if (!source.profile) {
        progress.detail(
          `carry-over@${instanceName}`,
          `nothing: ${instanceName}'s settings could not be read`,
        );
        return;
      }
      const carried = await carryOverSettings(proxies, source.profile, to, {
        ...s,
        disks: false,
        staticIp: false,
        dns: false,
        loadBalancers: false,
      });
      progress.detail(`carry-over@${instanceName}`, carried.length ? carried.join(', ') : 'nothing to carry');
    });
  }

  const verified = await progress.run(`verify@${instanceName}`, async () => {
    const outcome = await verifyInstance(proxies, to, input.verification);
    if (outcome.failure) {
      throw ApplicationFailure.nonRetryable(
        `Verification of ${newName} failed: ${outcome.failure}`,
        DR_VERIFICATION_FAILED,
      );
    }
    progress.detail(`verify@${instanceName}`, `${outcome.passed} check(s) passed at ${outcome.address}`);
    return outcome;
  });
  return {
    instanceName,
    source,
    profile,
    to,
    arn: created.arn,
    address: verified.address,
    verifiedAtMs: Date.now(),
  };
}

/**
 * What is known of an instance whose region does not answer: the snapshot's record. No address,
 * ports or tags: the cut-over finds no DNS entry by address, and the firewall stays as restored.
 */
function profileFromSnapshot(region: string, name: string, source: DrSource): InstanceProfile {
  return {
    region,
    name,
    arn: '',
    createdAt: '',
    state: 'unknown',
    bundleId: source.snapshot.fromBundleId ?? '',
    blueprintId: source.snapshot.fromBlueprintId ?? '',
    availabilityZone: `${region}a`,
    ipv6Addresses: [],
    disks: [],
    ports: [],
    tags: {},
    loadBalancers: [],
  };
}
