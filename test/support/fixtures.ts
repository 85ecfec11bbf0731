import { randomUUID } from 'node:crypto';
import {
  CreateDiskCommand,
  CreateDiskSnapshotCommand,
  CreateInstanceSnapshotCommand,
  CreateInstancesCommand,
  GetDiskSnapshotCommand,
  GetInstanceCommand,
  GetInstanceSnapshotCommand,
} from '@aws-sdk/client-lightsail';
import type { LightsailClients } from '../../src/lightsail/clients';

/** Arranges emulator resources through the real SDK, as a user's account would hold them. */

export function uniqueName(prefix: string): string {
  return `${prefix}-${randomUUID().slice(0, 8)}`;
}

export async function waitUntil<T>(
  what: string,
  check: () => Promise<T | undefined>,
  timeoutMs = 10_000,
  intervalMs = 50,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/** A running instance, optionally with the automatic-snapshot add-on. */
export async function createInstance(
  clients: LightsailClients,
  region: string,
  instanceName: string,
  options: { autoSnapshots?: boolean; blueprintId?: string } = {},
): Promise<void> {
  const client = clients.forRegion(region);
  await client.send(
    new CreateInstancesCommand({
      instanceNames: [instanceName],
      availabilityZone: `${region}a`,
      blueprintId: options.blueprintId ?? 'wordpress',
      bundleId: 'small_3_0',
      addOns: options.autoSnapshots
        ? [{ addOnType: 'AutoSnapshot', autoSnapshotAddOnRequest: { snapshotTimeOfDay: '06:00' } }]
        : undefined,
    }),
  );
  await waitUntil(`instance ${instanceName} running`, async () => {
    const out = await client.send(new GetInstanceCommand({ instanceName }));
    return out.instance?.state?.name === 'running' ? true : undefined;
  });
}

/** A running instance and an available manual snapshot of it; returns the snapshot's name. */
export async function createInstanceSnapshot(
  clients: LightsailClients,
  region: string,
  prefix: string,
): Promise<{ instanceName: string; snapshotName: string }> {
  const instanceName = uniqueName(prefix);
  const snapshotName = `${instanceName}-snap`;
  await createInstance(clients, region, instanceName);
  const client = clients.forRegion(region);
  await client.send(new CreateInstanceSnapshotCommand({ instanceName, instanceSnapshotName: snapshotName }));
  await waitUntil(`snapshot ${snapshotName} available`, async () => {
    const out = await client.send(new GetInstanceSnapshotCommand({ instanceSnapshotName: snapshotName }));
    return out.instanceSnapshot?.state === 'available' ? true : undefined;
  });
  return { instanceName, snapshotName };
}

/** A disk and a completed snapshot of it; returns the snapshot's name. */
export async function createDiskSnapshot(
  clients: LightsailClients,
  region: string,
  prefix: string,
): Promise<{ diskName: string; snapshotName: string }> {
  const diskName = uniqueName(prefix);
  const snapshotName = `${diskName}-snap`;
  const client = clients.forRegion(region);
  await client.send(new CreateDiskCommand({ diskName, availabilityZone: `${region}a`, sizeInGb: 32 }));
  await waitUntil(`disk ${diskName} available`, async () => {
    try {
      await client.send(new CreateDiskSnapshotCommand({ diskName, diskSnapshotName: snapshotName }));
      return true;
    } catch {
      return undefined; // the disk is still pending
    }
  });
  await waitUntil(`disk snapshot ${snapshotName} completed`, async () => {
    const out = await client.send(new GetDiskSnapshotCommand({ diskSnapshotName: snapshotName }));
    return out.diskSnapshot?.state === 'completed' ? true : undefined;
  });
  return { diskName, snapshotName };
}

/** Today's date minus `days`, as YYYY-MM-DD. */
export function daysAgo(days: number): string {
  return new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);
}
