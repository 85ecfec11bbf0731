import type { OperationType } from '../operation-types';
import { AWS_DURATIONS } from '../clock';
import { BLUEPRINTS, type Blueprint } from '../catalog';
import { bundleFor, newInstanceBlueprint } from '../catalogue/checks';
import { invalidInput, notFound } from '../errors';
import type { ActionContext, ActionRegistry } from '../registry';
import type { StoredInstance } from '../state';
import {
  checkName,
  optionalString,
  requireName,
  requireOneOf,
  requireString,
  requireStringList,
  requireZone,
  tagsParam,
  type Params,
} from '../validation';
import { instanceView } from '../views';
import {
  addOnsParam,
  namesAutoSnapshotDate,
  restorableAutoSnapshot,
  restoreDateParam,
} from './auto-snapshots';
import { deleteAlarmsOf } from './alarms/monitored-resources';
import { revokeBucketAccess } from './buckets';
import { assertReady, newResource, operationOn } from './common';
import { behaviourFromUserData, mergeBehaviour, type InstanceBehaviour } from './instance-serving/behaviour';

export function getInstanceOrThrow(ctx: ActionContext, name: string): StoredInstance {
  const instance = ctx.store.instances[name];
  if (!instance) throw notFound(`The Instance does not exist: ${name} in ${ctx.region}.`);
  return instance;
}

/** What new instances are made from: a blueprint, or a snapshot that recorded one. */
interface InstanceSource {
  blueprintId: string;
  /** A snapshot's size: the bundle's disk must hold it. */
  minDiskSizeInGb?: number;
  /** The software on the snapshot's disk: the new instance answers as its source did. */
  behaviour?: InstanceBehaviour;
  /** How long it takes on AWS until the instance runs; default a new instance's. */
  awsSeconds?: number;
}

/**
 * A restore's time follows the snapshot's size (Lightsail reads every GB of it), and is never
 * shorter than a new instance's: a 60 GB snapshot (small_3_0's disk) takes the 60 s it always did.
 */
function restoreSeconds(sizeInGb: number | undefined): number {
  return Math.max(AWS_DURATIONS.createInstance, (sizeInGb ?? 0) * AWS_DURATIONS.restorePerGb);
}

function createInstances(
  ctx: ActionContext,
  params: Params,
  source: InstanceSource,
  operationType: OperationType,
) {
  const names = requireStringList(params, 'instanceNames');
  names.forEach((n) => checkName('instanceNames', n));
  const zone = requireZone(params, ctx.region);
  const blueprint = BLUEPRINTS.find((b) => b.blueprintId === source.blueprintId);
  const bundleId = requireBundle(params, blueprint, source.minDiskSizeInGb);
  const taken = names.filter((n) => ctx.store.instances[n]);
  if (taken.length > 0) throw invalidInput(`Some names are already in use: ${taken.join(', ')}`);
  if (new Set(names).size !== names.length) throw invalidInput('instanceNames must not repeat a name.');
  const tags = tagsParam(params);
  const addOns = addOnsParam(params);
  const ipAddressType = ipAddressTypeParam(params);
  const sshKeyName = optionalString(params, 'keyPairName');
  // The launch script is a secret: only its EMULATOR_* settings are kept, never the script.
  const behaviour = mergeBehaviour(
    source.behaviour,
    behaviourFromUserData(optionalString(params, 'userData')),
  );
  // The region's default key pair is made on demand; any other must exist.
  if (
    sshKeyName !== undefined &&
    sshKeyName !== 'LightsailDefaultKeyPair' &&
    !ctx.store.keyPairs[sshKeyName]
  ) {
    throw notFound(`The KeyPair does not exist: ${sshKeyName} in ${ctx.region}.`);
  }
  const awsSeconds = source.awsSeconds ?? AWS_DURATIONS.createInstance;
  return names.map((name) => {
    ctx.store.instances[name] = {
      ...newResource(ctx, name, 'Instance', zone, awsSeconds, tags),
      blueprintId: source.blueprintId,
      blueprintName: blueprint?.name ?? source.blueprintId,
      bundleId,
      addOns,
      sshKeyName,
      ...(behaviour ? { behaviour } : {}),
      ...(ipAddressType ? { ipAddressType } : {}),
    };
    return ctx.operation({
      resourceName: name,
      resourceType: 'Instance',
      operationType,
      availabilityZone: zone,
      awsSeconds,
    });
  });
}

/**
 * The ipAddressType of a new instance: ipv4 or dualstack. IPv6-only instances (of the catalogue's
 * `_ipv6_` bundles) are not emulated yet. Absent, the instance is ipv4 (see StoredInstance).
 */
function ipAddressTypeParam(params: Params): 'dualstack' | 'ipv4' | undefined {
  const value = optionalString(params, 'ipAddressType');
  if (value === undefined) return undefined;
  if (value === 'ipv6') {
    throw invalidInput(
      'The ipAddressType ipv6 (an IPv6-only instance) is not emulated yet; use dualstack or ipv4.',
    );
  }
  return requireOneOf('ipAddressType', value, ['dualstack', 'ipv4'] as const);
}

/** A known bundle that can run the blueprint, large enough for the snapshot restored, if any. */
function requireBundle(params: Params, blueprint: Blueprint | undefined, minDiskSizeInGb = 0): string {
  return bundleFor(requireString(params, 'bundleId'), blueprint, minDiskSizeInGb).bundleId;
}

/**
 * The source of CreateInstancesFromSnapshot: a manual snapshot (instanceSnapshotName), or an
 * automatic one (sourceInstanceName with restoreDate or useLatestRestorableAutoSnapshot).
 */
function snapshotSource(ctx: ActionContext, params: Params): InstanceSource {
  const snapshotName = optionalString(params, 'instanceSnapshotName');
  const sourceInstanceName = optionalString(params, 'sourceInstanceName');
  if ((snapshotName === undefined) === (sourceInstanceName === undefined)) {
    throw invalidInput(
      'The instanceSnapshotName and sourceInstanceName parameters are mutually exclusive; specify one.',
    );
  }
  if (snapshotName !== undefined) {
    if (namesAutoSnapshotDate(params)) {
      throw invalidInput(
        'restoreDate and useLatestRestorableAutoSnapshot apply only when restoring from an automatic snapshot (sourceInstanceName).',
      );
    }
    const snapshot = ctx.store.instanceSnapshots[snapshotName];
    if (!snapshot) throw notFound(`The InstanceSnapshot does not exist: ${snapshotName} in ${ctx.region}.`);
    assertReady(snapshot, ctx.clock.now(), `The instance snapshot ${snapshotName}`);
    return {
      blueprintId: snapshot.fromBlueprintId ?? 'amazon_linux_2023',
      minDiskSizeInGb: snapshot.sizeInGb,
      behaviour: snapshot.behaviour,
      awsSeconds: restoreSeconds(snapshot.sizeInGb),
    };
  }
  const restoreDate = restoreDateParam(params);
  const auto = restorableAutoSnapshot(ctx.store, ctx.region, sourceInstanceName!, restoreDate);
  if (auto.resourceType !== 'Instance') {
    throw invalidInput(`${sourceInstanceName} is a disk, not an instance.`);
  }
  return {
    blueprintId: auto.blueprintId ?? 'amazon_linux_2023',
    minDiskSizeInGb: auto.sizeInGb,
    behaviour: auto.behaviour,
    awsSeconds: restoreSeconds(auto.sizeInGb),
  };
}

export function registerInstances(registry: ActionRegistry): void {
  registry.registerTaggable('Instance', (store, name) => store.instances[name]);
  registry.register(
    'CreateInstances',
    (ctx, params) => {
      const blueprintId = newInstanceBlueprint(requireString(params, 'blueprintId')).blueprintId;
      return { operations: createInstances(ctx, params, { blueprintId }, 'CreateInstance') };
    },
    { mutating: true },
  );

  registry.register(
    'CreateInstancesFromSnapshot',
    (ctx, params) => ({
      operations: createInstances(ctx, params, snapshotSource(ctx, params), 'CreateInstancesFromSnapshot'),
    }),
    { mutating: true },
  );

  registry.register(
    'GetInstance',
    (ctx, params) => ({
      instance: instanceView(
        getInstanceOrThrow(ctx, requireName(params, 'instanceName')),
        ctx.region,
        ctx.clock.now(),
        Object.values(ctx.store.disks),
      ),
    }),
    { mutating: false },
  );

  registry.register(
    'GetInstances',
    (ctx) => ({
      instances: Object.values(ctx.store.instances).map((i) =>
        instanceView(i, ctx.region, ctx.clock.now(), Object.values(ctx.store.disks)),
      ),
    }),
    { mutating: false },
  );

  registry.register(
    'DeleteInstance',
    (ctx, params) => {
      const instance = getInstanceOrThrow(ctx, requireName(params, 'instanceName'));
      delete ctx.store.instances[instance.name];
      // As on AWS, its static IP is detached (it stays, allocated) and its disks too (available).
      const staticIp = instance.staticIp && ctx.store.staticIps[instance.staticIp.name];
      if (staticIp?.attachedTo === instance.name) staticIp.attachedTo = undefined;
      for (const disk of Object.values(ctx.store.disks)) {
        if (disk.attachment?.instanceName === instance.name) disk.attachment = undefined;
      }
      // As on AWS, a resource's automatic snapshots go with it.
      ctx.store.autoSnapshots = ctx.store.autoSnapshots.filter((a) => a.resourceName !== instance.name);
      deleteAlarmsOf(ctx.store, instance.arn);
      revokeBucketAccess(ctx.store, instance.name);
      return operationOn(ctx, instance, 'Instance', 'DeleteInstance');
    },
    { mutating: true },
  );
}
