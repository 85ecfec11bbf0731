import type { OperationType } from '../operation-types';
import { systemDiskSizeInGb } from '../catalog';
import type { Clock } from '../clock';
import { invalidInput, notFound } from '../errors';
import type { ActionContext, ActionRegistry } from '../registry';
import type {
  AutoSnapshotAddOn,
  EmulatorState,
  RegionStore,
  StoredAutoSnapshot,
  StoredDisk,
  StoredInstance,
} from '../state';
import {
  isCalendarDate,
  optionalString,
  requireName,
  requireOneOf,
  requireString,
  type Params,
} from '../validation';

/**
 * Automatic snapshots: the AutoSnapshot add-on on an instance or disk, and the daily snapshots
 * it makes. AWS makes one a day; the emulator makes them when told to (control API, seed).
 */

export function findAutoSnapshotResource(
  store: RegionStore,
  name: string,
): { type: 'Instance'; resource: StoredInstance } | { type: 'Disk'; resource: StoredDisk } | undefined {
  const instance = store.instances[name];
  if (instance) return { type: 'Instance', resource: instance };
  const disk = store.disks[name];
  if (disk) return { type: 'Disk', resource: disk };
  return undefined;
}

const ADD_ON_TYPES = ['AutoSnapshot', 'StopInstanceOnIdle'] as const;

/** The add-on types of the reference; only AutoSnapshot is emulated. */
function requireEmulatedAddOnType(value: string, field: string): 'AutoSnapshot' {
  const addOnType = requireOneOf(field, value, ADD_ON_TYPES);
  if (addOnType !== 'AutoSnapshot') {
    throw invalidInput(
      `${field} ${addOnType} is not emulated by the lightsail-flows emulator; only AutoSnapshot is.`,
    );
  }
  return addOnType;
}

/** One AddOnRequest ({addOnType, autoSnapshotAddOnRequest: {snapshotTimeOfDay}}) as stored. */
function autoSnapshotAddOn(request: Params, prefix: string): AutoSnapshotAddOn {
  requireEmulatedAddOnType(requireString(request, 'addOnType'), `${prefix}addOnType`);
  const options = (request.autoSnapshotAddOnRequest ?? {}) as Params;
  const time = optionalString(options, 'snapshotTimeOfDay') ?? '06:00';
  // The reference: "Must be in HH:00 format, and in an hourly increment. Specified in UTC."
  if (!/^([01]\d|2[0-3]):00$/.test(time)) {
    throw invalidInput(
      `${prefix}autoSnapshotAddOnRequest.snapshotTimeOfDay must be in HH:00 format, in UTC; got "${time}".`,
    );
  }
  return { name: 'AutoSnapshot', status: 'Enabled', snapshotTimeOfDay: time };
}

/** The addOns parameter of CreateInstances, CreateInstancesFromSnapshot and CreateDisk. */
export function addOnsParam(params: Params): AutoSnapshotAddOn[] {
  const addOns = params.addOns;
  if (addOns === undefined) return [];
  if (!Array.isArray(addOns)) throw invalidInput('The addOns parameter must be a list of AddOnRequest.');
  return addOns.map((a: unknown, i) => autoSnapshotAddOn((a ?? {}) as Params, `addOns[${i}].`));
}

function snapshotTime(addOns: { snapshotTimeOfDay: string }[]): string {
  const time = addOns[0]?.snapshotTimeOfDay ?? '06:00';
  return /^([01]\d|2[0-3]):[0-5]\d$/.test(time) ? time : '06:00';
}

/**
 * The restoreDate / useLatestRestorableAutoSnapshot pair that names an automatic snapshot
 * (CopySnapshot, CreateInstancesFromSnapshot): exactly one of them. Returns the date, or
 * undefined for "the latest".
 */
export function restoreDateParam(params: Params): string | undefined {
  const restoreDate = optionalString(params, 'restoreDate');
  const useLatest = params.useLatestRestorableAutoSnapshot === true;
  if ((restoreDate !== undefined) === useLatest) {
    throw invalidInput(
      'The restoreDate and useLatestRestorableAutoSnapshot parameters are mutually exclusive; specify one.',
    );
  }
  if (restoreDate !== undefined && !isCalendarDate(restoreDate)) {
    throw invalidInput(`restoreDate must be in YYYY-MM-DD format; got "${restoreDate}".`);
  }
  return restoreDate;
}

/** Whether a request names an automatic snapshot at all (either of the pair is present). */
export function namesAutoSnapshotDate(params: Params): boolean {
  return params.restoreDate !== undefined || params.useLatestRestorableAutoSnapshot !== undefined;
}

/**
 * The automatic snapshot of `resourceName` in `region` a copy or a restore uses: the one of
 * `restoreDate`, or the newest successful one. One still in progress asks to wait; a failed one
 * cannot be used.
 */
export function restorableAutoSnapshot(
  store: RegionStore,
  region: string,
  resourceName: string,
  restoreDate: string | undefined,
): StoredAutoSnapshot {
  if (!findAutoSnapshotResource(store, resourceName)) {
    throw notFound(`The resource ${resourceName} does not exist in ${region}.`);
  }
  const snapshots = store.autoSnapshots
    .filter((a) => a.resourceName === resourceName)
    .sort((a, b) => b.date.localeCompare(a.date));
  if (restoreDate === undefined) {
    const latest = snapshots.find((a) => a.status === 'Success');
    if (!latest) throw notFound(`No restorable automatic snapshot of ${resourceName} exists in ${region}.`);
    return latest;
  }
  const chosen = snapshots.find((a) => a.date === restoreDate);
  if (!chosen || chosen.status === 'NotFound') {
    throw notFound(`No automatic snapshot of ${resourceName} dated ${restoreDate} exists in ${region}.`);
  }
  if (chosen.status === 'InProgress') {
    throw invalidInput(
      `The automatic snapshot of ${resourceName} dated ${restoreDate} is still in progress; wait for it to complete and try again.`,
    );
  }
  if (chosen.status === 'Failed') {
    throw invalidInput(
      `The automatic snapshot of ${resourceName} dated ${restoreDate} failed and cannot be restored.`,
    );
  }
  return chosen;
}

function resourceOrThrow(ctx: ActionContext, name: string) {
  const found = findAutoSnapshotResource(ctx.store, name);
  if (!found)
    throw notFound(
      `The resource ${name} does not exist in ${ctx.region}: no instance or disk has that name.`,
    );
  return found;
}

/** Adds an automatic snapshot of an existing instance or disk that has the add-on enabled. */
export function addAutoSnapshot(
  state: EmulatorState,
  clock: Clock,
  input: { region: string; resourceName: string; date: string; status?: StoredAutoSnapshot['status'] },
): StoredAutoSnapshot {
  const store = state[input.region];
  if (!store) throw invalidInput(`region: unknown region ${input.region}`);
  if (!isCalendarDate(input.date))
    throw invalidInput(`date: must be a date written YYYY-MM-DD, got "${input.date}"`);
  const found = findAutoSnapshotResource(store, input.resourceName);
  if (!found)
    throw notFound(`resourceName: no instance or disk named ${input.resourceName} in ${input.region}`);
  if (!found.resource.addOns.some((a) => a.name === 'AutoSnapshot')) {
    throw invalidInput(`resourceName: ${input.resourceName} does not have the AutoSnapshot add-on enabled`);
  }
  const record: StoredAutoSnapshot = {
    resourceName: input.resourceName,
    resourceType: found.type,
    date: input.date,
    // Taken at the add-on's time of day (UTC), or now for today's if that time is still ahead.
    createdAtMs: Math.min(
      clock.now(),
      Date.parse(`${input.date}T${snapshotTime(found.resource.addOns)}:00Z`),
    ),
    status: input.status ?? 'Success',
    fromArn: found.resource.arn,
    ...(found.type === 'Instance'
      ? {
          blueprintId: found.resource.blueprintId,
          bundleId: found.resource.bundleId,
          sizeInGb: systemDiskSizeInGb(found.resource.bundleId),
          ...(found.resource.behaviour ? { behaviour: found.resource.behaviour } : {}),
        }
      : { sizeInGb: found.resource.sizeInGb }),
  };
  store.autoSnapshots = store.autoSnapshots.filter(
    (a) => !(a.resourceName === record.resourceName && a.date === record.date),
  );
  store.autoSnapshots.push(record);
  return record;
}

function addOnOperation(
  ctx: ActionContext,
  resourceName: string,
  resourceType: string,
  zone: string,
  type: OperationType,
) {
  return ctx.operation({
    resourceName,
    resourceType,
    operationType: type,
    availabilityZone: zone,
    awsSeconds: 0,
  });
}

export function registerAutoSnapshots(registry: ActionRegistry): void {
  registry.register(
    'EnableAddOn',
    (ctx, params) => {
      const { resource, type } = resourceOrThrow(ctx, requireName(params, 'resourceName'));
      const request = params.addOnRequest;
      if (!request || typeof request !== 'object') {
        throw invalidInput('The addOnRequest parameter is required.');
      }
      resource.addOns = [autoSnapshotAddOn(request as Params, 'addOnRequest.')];
      return {
        operations: [addOnOperation(ctx, resource.name, type, resource.availabilityZone, 'EnableAddOn')],
      };
    },
    { mutating: true },
  );

  registry.register(
    'DisableAddOn',
    (ctx, params) => {
      const { resource, type } = resourceOrThrow(ctx, requireName(params, 'resourceName'));
      requireEmulatedAddOnType(requireString(params, 'addOnType'), 'addOnType');
      resource.addOns = [];
      // As on AWS, turning the add-on off deletes the resource's automatic snapshots.
      ctx.store.autoSnapshots = ctx.store.autoSnapshots.filter((a) => a.resourceName !== resource.name);
      return {
        operations: [addOnOperation(ctx, resource.name, type, resource.availabilityZone, 'DisableAddOn')],
      };
    },
    { mutating: true },
  );

  registry.register(
    'GetAutoSnapshots',
    (ctx, params) => {
      const { resource, type } = resourceOrThrow(ctx, requireName(params, 'resourceName'));
      return {
        resourceName: resource.name,
        resourceType: type,
        autoSnapshots: ctx.store.autoSnapshots
          .filter((a) => a.resourceName === resource.name)
          .sort((a, b) => b.date.localeCompare(a.date))
          .map((a) => ({
            date: a.date,
            createdAt: a.createdAtMs / 1000,
            status: a.status,
            fromAttachedDisks: [],
          })),
      };
    },
    { mutating: false },
  );

  registry.register(
    'DeleteAutoSnapshot',
    (ctx, params) => {
      const { resource, type } = resourceOrThrow(ctx, requireName(params, 'resourceName'));
      const date = requireString(params, 'date');
      if (!isCalendarDate(date)) throw invalidInput(`date must be in YYYY-MM-DD format; got "${date}".`);
      const before = ctx.store.autoSnapshots.length;
      ctx.store.autoSnapshots = ctx.store.autoSnapshots.filter(
        (a) => !(a.resourceName === resource.name && a.date === date),
      );
      if (ctx.store.autoSnapshots.length === before)
        throw notFound(`No automatic snapshot of ${resource.name} dated ${date}.`);
      return {
        operations: [
          addOnOperation(ctx, resource.name, type, resource.availabilityZone, 'DeleteAutoSnapshot'),
        ],
      };
    },
    { mutating: true },
  );
}
