import { BUNDLES } from '../catalog';
import type { Clock } from '../clock';
import { invalidInput, notFound } from '../errors';
import type { ActionContext, ActionRegistry } from '../registry';
import type { EmulatorState, RegionStore, StoredAutoSnapshot, StoredDisk, StoredInstance } from '../state';
import { requireName, requireOneOf, requireString, type Params } from '../validation';

/**
 * Automatic snapshots: the AutoSnapshot add-on on an instance or disk, and the daily snapshots
 * it makes. AWS makes one a day; the emulator makes them when told to (control API, seed).
 */

const DATE = /^\d{4}-\d{2}-\d{2}$/;

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
  if (!DATE.test(input.date) || Number.isNaN(Date.parse(input.date)))
    throw invalidInput('date: must be YYYY-MM-DD');
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
    createdAtMs: Math.min(clock.now(), Date.parse(`${input.date}T06:00:00Z`)),
    status: input.status ?? 'Success',
    fromArn: found.resource.arn,
    ...(found.type === 'Instance'
      ? {
          blueprintId: found.resource.blueprintId,
          bundleId: found.resource.bundleId,
          sizeInGb: BUNDLES.find((b) => b.bundleId === found.resource.bundleId)?.diskSizeInGb ?? 40,
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
  type: string,
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
      const request = (params.addOnRequest ?? {}) as Params;
      requireOneOf('addOnRequest.addOnType', requireString(request, 'addOnType'), [
        'AutoSnapshot',
        'StopInstanceOnIdle',
      ]);
      const time = (request.autoSnapshotAddOnRequest as { snapshotTimeOfDay?: unknown } | undefined)
        ?.snapshotTimeOfDay;
      resource.addOns = [
        {
          name: 'AutoSnapshot',
          status: 'Enabled',
          snapshotTimeOfDay: typeof time === 'string' ? time : '06:00',
        },
      ];
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
      requireOneOf('addOnType', requireString(params, 'addOnType'), ['AutoSnapshot', 'StopInstanceOnIdle']);
      resource.addOns = [];
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
