import {
  DeleteInstanceCommand,
  EnableAddOnCommand,
  PutInstancePublicPortsCommand,
  StartInstanceCommand,
  StopInstanceCommand,
  UpdateInstanceMetadataOptionsCommand,
  type HttpEndpoint,
  type HttpProtocolIpv6,
  type HttpTokens,
  type NetworkProtocol,
  type Operation,
} from '@aws-sdk/client-lightsail';
import { ApplicationFailure, Context } from '@temporalio/activity';
import { callLightsail } from '../src/lightsail/call';
import type { LightsailClients } from '../src/lightsail/clients';
import { awaitQuickOperations } from './operation-waits';
import { isLightsailError, toTemporalFailure } from '../src/lightsail/errors';
import { readInstanceProfile, type InstanceProfile } from '../src/lightsail/instance-profile';
import { readInstance } from '../src/lightsail/instances';
import { migrationProblems, type MigrationProblem } from '../src/lightsail/migration-checks';
import { reachAddress, type Reachable } from '../src/lightsail/reach';
import { stillInProgress } from '../src/lightsail/waiting';
import { SOURCE_NOT_FOUND } from './snapshots';

/** The instance is no longer the one the run read at its start: it never touches a newcomer. */
export const INSTANCE_REPLACED = 'InstanceReplaced';

/** Who an instance is: its name, and the creation time that tells it from a same-named newcomer. */
export interface InstanceIdentity {
  region: string;
  name: string;
  createdAt: string;
}

/**
 * The activities that read an instance before a move and change the one it moves to: its ports,
 * add-on and metadata options, its power, and the old one's deletion.
 */
export function instanceMoveActivities({ clients }: { clients: LightsailClients }) {
  const waitFor = (region: string, operations: Operation[] | undefined) =>
    awaitQuickOperations(clients, region, operations);

  /** Reads the instance and proves it is still the one the run started with. */
  const sameInstance = async (who: InstanceIdentity) => {
    const instance = await readInstance(clients, who.region, who.name);
    if (!instance) return undefined;
    if (instance.createdAt?.toISOString() !== who.createdAt) {
      throw ApplicationFailure.nonRetryable(
        `Instance ${who.name} in ${who.region} was created ${instance.createdAt?.toISOString()}, not ${who.createdAt}: it is another instance under the same name, and the run leaves it alone.`,
        INSTANCE_REPLACED,
      );
    }
    return instance;
  };

  return {
    /**
     * Reads everything a move carries over, resolves the target's defaults (the same bundle, the
     * same zone letter) and lists every reason the move cannot start. Reads only.
     */
    async inspectMigration(input: {
      region: string;
      instanceName: string;
      target: { region?: string; bundleId?: string; availabilityZone?: string };
      /** Checked free; absent in a plan whose default name only a run knows. */
      newInstanceName?: string;
      carryStaticIp: boolean;
    }): Promise<{
      profile: InstanceProfile;
      target: { region: string; bundleId: string; availabilityZone: string };
      problems: MigrationProblem[];
    }> {
      const instance = await readInstance(clients, input.region, input.instanceName);
      if (!instance) {
        throw ApplicationFailure.nonRetryable(
          `instanceName: no instance named ${input.instanceName} in ${input.region}`,
          SOURCE_NOT_FOUND,
        );
      }
      const profile = await readInstanceProfile(clients, input.region, instance);
      const region = input.target.region ?? input.region;
      const letter = profile.availabilityZone.slice(-1) || 'a';
      const target = {
        region,
        bundleId: input.target.bundleId ?? profile.bundleId,
        availabilityZone: input.target.availabilityZone ?? `${region}${letter}`,
      };
      const problems = await migrationProblems(
        clients,
        profile,
        { ...target, newInstanceName: input.newInstanceName },
        input.carryStaticIp,
      );
      return { profile, target, problems };
    },

    /** Opens exactly the given ports on the instance (PutInstancePublicPorts replaces them all). */
    async putPublicPorts(input: {
      region: string;
      instanceName: string;
      ports: InstanceProfile['ports'];
    }): Promise<void> {
      const out = await callLightsail(clients, input.region, 'PutInstancePublicPorts', (c) =>
        c.send(
          new PutInstancePublicPortsCommand({
            instanceName: input.instanceName,
            portInfos: input.ports.map((p) => ({
              fromPort: p.fromPort,
              toPort: p.toPort,
              protocol: p.protocol as NetworkProtocol,
              cidrs: p.cidrs,
              ipv6Cidrs: p.ipv6Cidrs,
              ...(p.cidrListAliases.length ? { cidrListAliases: p.cidrListAliases } : {}),
            })),
          }),
        ),
      );
      await waitFor(input.region, out.operation ? [out.operation] : []);
    },

    /** Turns on automatic snapshots at the old instance's time of day. Enabling twice is a no-op. */
    async enableAutoSnapshot(input: {
      region: string;
      resourceName: string;
      snapshotTimeOfDay?: string;
    }): Promise<void> {
      const out = await callLightsail(clients, input.region, 'EnableAddOn', (c) =>
        c.send(
          new EnableAddOnCommand({
            resourceName: input.resourceName,
            addOnRequest: {
              addOnType: 'AutoSnapshot',
              ...(input.snapshotTimeOfDay
                ? { autoSnapshotAddOnRequest: { snapshotTimeOfDay: input.snapshotTimeOfDay } }
                : {}),
            },
          }),
        ),
      );
      await waitFor(input.region, out.operations);
    },

    async updateMetadataOptions(input: {
      region: string;
      instanceName: string;
      options: NonNullable<InstanceProfile['metadataOptions']>;
    }): Promise<void> {
      const o = input.options;
      const out = await callLightsail(clients, input.region, 'UpdateInstanceMetadataOptions', (c) =>
        c.send(
          new UpdateInstanceMetadataOptionsCommand({
            instanceName: input.instanceName,
            httpTokens: o.httpTokens as HttpTokens | undefined,
            httpEndpoint: o.httpEndpoint as HttpEndpoint | undefined,
            httpPutResponseHopLimit: o.httpPutResponseHopLimit,
            // Lightsail takes this one only in eu-north-1, and refuses the call elsewhere.
            ...(input.region === 'eu-north-1' && o.httpProtocolIpv6
              ? { httpProtocolIpv6: o.httpProtocolIpv6 as HttpProtocolIpv6 }
              : {}),
          }),
        ),
      );
      await waitFor(input.region, out.operation ? [out.operation] : []);
    },

    /** Stops the instance the run started with; one already stopped (or stopping) is done. */
    async stopInstance(input: InstanceIdentity): Promise<void> {
      const instance = await sameInstance(input);
      const state = instance?.state?.name;
      if (!instance || state === 'stopped' || state === 'stopping') return;
      const out = await callLightsail(clients, input.region, 'StopInstance', (c) =>
        c.send(new StopInstanceCommand({ instanceName: input.name })),
      );
      await waitFor(input.region, out.operations);
    },

    /** Starts the instance the run started with again (a rollback); one running is done. */
    async startInstance(input: InstanceIdentity): Promise<void> {
      const instance = await sameInstance(input);
      const state = instance?.state?.name;
      if (!instance || state === 'running') return;
      if (state === 'stopping') throw stillInProgress(`Instance ${input.name} is still stopping`);
      if (state !== 'pending') {
        const out = await callLightsail(clients, input.region, 'StartInstance', (c) =>
          c.send(new StartInstanceCommand({ instanceName: input.name })),
        );
        await waitFor(input.region, out.operations);
      }
      // Resolves once it runs: what follows (a load balancer takes only running instances) needs it.
      const ctx = Context.current();
      for (;;) {
        const now = (await sameInstance(input))?.state?.name;
        if (now === 'running' || now === undefined) return;
        ctx.heartbeat();
        await ctx.sleep(1_000);
      }
    },

    /** Long wait: resolves once the instance is in `state`. */
    async awaitInstanceState(input: InstanceIdentity & { state: 'running' | 'stopped' }): Promise<void> {
      const instance = await sameInstance(input);
      const state = instance?.state?.name;
      if (state !== input.state) throw stillInProgress(`Instance ${input.name} is ${state ?? 'missing'}`);
    },

    /**
     * Deletes the old instance once the keep period is over: only the instance the run started
     * with (a same-named newcomer fails the check). Its disks are detached and stay: the run did
     * not make them, and the new instance has copies.
     */
    async deleteMigratedInstance(input: InstanceIdentity): Promise<void> {
      if (!(await sameInstance(input))) return;
      try {
        const out = await clients
          .forRegion(input.region)
          .send(new DeleteInstanceCommand({ instanceName: input.name, forceDeleteAddOns: true }));
        await waitFor(input.region, out.operations);
      } catch (err) {
        if (isLightsailError(err, 'NotFoundException')) return;
        throw toTemporalFailure(err, { action: 'DeleteInstance', region: input.region });
      }
    },

    /** The instance's public addresses now (a start without a static IP gives a new IPv4 one). */
    async instanceAddresses(input: {
      region: string;
      instanceName: string;
    }): Promise<{ ipv4?: string; ipv6: string[] }> {
      const instance = await readInstance(clients, input.region, input.instanceName);
      return {
        ...(instance?.publicIpAddress ? { ipv4: instance.publicIpAddress } : {}),
        ipv6: instance?.ipv6Addresses ?? [],
      };
    },

    /** Where a check reaches the instance's address on a port (the emulator: a loopback port). */
    async reachInstance(input: {
      region: string;
      instanceName: string;
      port: number;
    }): Promise<Reachable & { address: string }> {
      const instance = await readInstance(clients, input.region, input.instanceName);
      const address = instance?.publicIpAddress ?? instance?.ipv6Addresses?.[0];
      if (!address) throw stillInProgress(`Instance ${input.instanceName} has no public address yet`);
      return { ...(await reachAddress(clients, input.region, address, input.port)), address };
    },
  };
}
