import type { MigrateInstanceParsedInput } from '../../schemas/migrate-instance';
import type { PlannedStep } from './planned-step';

/** What a migration carries over besides disks and addresses, in words. */
function settingsCarried(input: MigrateInstanceParsedInput): string[] {
  const c = input.carryOver;
  return [
    ...(c.firewall ? ['firewall rules'] : []),
    ...(c.tags ? ['tags'] : []),
    ...(c.autoSnapshot ? ['automatic snapshots'] : []),
    ...(c.metadataOptions ? ['metadata options'] : []),
  ];
}

/** migrateInstance's steps, planned at its start: a pure function of the input. */
export function migrateSteps(input: MigrateInstanceParsedInput, newInstanceName: string): PlannedStep[] {
  const targetRegion = input.target.region ?? input.region;
  const moves = targetRegion !== input.region;
  const v = input.verification;
  const settings = settingsCarried(input);
  const addresses = [
    ...(input.carryOver.staticIp ? ['static IP'] : []),
    ...(input.carryOver.dns ? ['DNS entries'] : []),
    ...(input.carryOver.loadBalancers && !moves ? ['load balancers'] : []),
  ];
  return [
    { id: 'check', title: `Check instance ${input.instanceName} in ${input.region} and its move` },
    {
      id: 'snapshot',
      title: `Snapshot ${input.instanceName}${input.carryOver.disks ? ' and each attached disk' : ''}`,
    },
    ...(moves ? [{ id: 'copy', title: `Copy the snapshots to ${targetRegion}` }] : []),
    {
      id: 'create',
      title: `Create ${newInstanceName} in ${targetRegion} from the snapshot and wait until it runs`,
    },
    ...(settings.length ? [{ id: 'carry-over', title: `Carry over ${settings.join(', ')}` }] : []),
    ...(input.carryOver.disks
      ? [{ id: 'disks', title: 'Make each attached disk again in the new zone and attach it at its path' }]
      : []),
    {
      id: 'verify',
      title:
        v.type === 'http'
          ? `Verify ${newInstanceName}: GET ${v.path} on port ${v.port} answers ${v.expectedStatus}, ${v.checks} time(s)`
          : `Verify ${newInstanceName}: TCP port ${v.port} accepts connections, ${v.checks} time(s)`,
    },
    ...(input.cutOver.mode === 'approve'
      ? [{ id: 'approval', title: 'Wait for approval before the cut-over' }]
      : []),
    ...(addresses.length ? [{ id: 'cut-over', title: `Cut over: ${addresses.join(', ')}` }] : []),
    { id: 'stop-old', title: `Stop ${input.instanceName}` },
    { id: 'keep', title: `Keep ${input.instanceName} (stopped) for ${input.keepOldFor}, for a rollback` },
    { id: 'retire', title: `Delete ${input.instanceName} and the run's snapshots` },
  ];
}
