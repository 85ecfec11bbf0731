import type { DomainEntryRef } from '../../activities/addresses';
import type { InstanceProfile } from '../../src/lightsail/instance-profile';
import type { CarryOver, DnsEntryMove } from '../../src/schemas/migrate-instance';
import type { activityProxies } from '../support/activity-proxies';
import type { Compensations } from '../support/compensations';
import type { Progress } from '../support/progress';
import type { NewInstance } from './carry-over';

type Proxies = ReturnType<typeof activityProxies>;

/** How long a new instance may take to turn healthy behind a load balancer it joined. */
const LOAD_BALANCER_HEALTH_MS = 10 * 60_000;

export interface CutOverOutcome {
  staticIp?: { name: string; address: string; region: string; moved: boolean };
  dnsEntries: DnsEntryMove[];
  loadBalancers: string[];
}

/**
 * Moves what people reach an instance by to its replacement, each move registered to be put back
 * (newest first) if the run fails, is rolled back or cancelled before the old one is deleted:
 *
 * 1. the static IP: moved in the same region; in another region a new one is allocated there;
 * 2. every A/AAAA entry of the account's Lightsail domains pointing at an address that changes;
 * 3. each load balancer (same region): the new instance joins and must turn healthy before the
 *    old one leaves, so the load balancer is never without it.
 */
export async function cutOver(
  proxies: Proxies,
  progress: Progress,
  saga: Compensations,
  input: {
    old: InstanceProfile;
    to: NewInstance;
    carry: Pick<CarryOver, 'staticIp' | 'dns' | 'loadBalancers'>;
    newStaticIpName: string;
    /** A failover: a static IP for the new instance even when the old one had none. */
    allocateStaticIp?: boolean;
  },
): Promise<CutOverOutcome> {
  const { calls, shortWaits, longWaits } = proxies;
  const { old, to, carry } = input;
  const sameRegion = old.region === to.region;
  const outcome: CutOverOutcome = { dnsEntries: [], loadBalancers: [] };

  if (carry.staticIp && (old.staticIp || input.allocateStaticIp)) {
    const ip = old.staticIp;
    if (sameRegion && ip) {
      saga.add({
        description: `attach static IP ${ip.name} to ${old.name} again`,
        region: old.region,
        type: 'StaticIp',
        name: ip.name,
        undoneAs: 'restored',
        undo: async () => {
          await shortWaits.attachStaticIp({
            region: old.region,
            staticIpName: ip.name,
            instanceName: old.name,
          });
        },
      });
      await shortWaits.attachStaticIp({ region: to.region, staticIpName: ip.name, instanceName: to.name });
      outcome.staticIp = { name: ip.name, address: ip.ipAddress, region: to.region, moved: true };
    } else {
      const name = input.newStaticIpName;
      saga.add({
        description: `release static IP ${name} in ${to.region}`,
        region: to.region,
        type: 'StaticIp',
        name,
        undo: () => shortWaits.releaseStaticIp({ region: to.region, staticIpName: name }),
      });
      const { address } = await shortWaits.allocateStaticIp({ region: to.region, staticIpName: name });
      progress.touched({ region: to.region, type: 'StaticIp', name, action: 'created' });
      await shortWaits.attachStaticIp({ region: to.region, staticIpName: name, instanceName: to.name });
      outcome.staticIp = { name, address, region: to.region, moved: false };
    }
    progress.touched({
      region: to.region,
      type: 'StaticIp',
      name: outcome.staticIp.name,
      action: 'moved',
      note: `to ${to.name}`,
    });
    progress.fact('static IP', `${outcome.staticIp.name} (${outcome.staticIp.address}) → ${to.name}`);
  }

  if (carry.dns) {
    const now = await calls.instanceAddresses({ region: to.region, instanceName: to.name });
    // An address that stays (a static IP moved within the region) needs no DNS change.
    const changing = [
      ...(old.publicIpAddress && old.publicIpAddress !== now.ipv4 ? [old.publicIpAddress] : []),
      ...old.ipv6Addresses.filter((a) => !now.ipv6.includes(a)),
    ];
    const entries = changing.length ? await calls.findDomainEntries({ addresses: changing }) : [];
    const moves: DomainEntryRef[] = entries.flatMap((e) => {
      const target = e.type === 'A' ? now.ipv4 : now.ipv6[0];
      return target ? [{ ...e, target }] : [];
    });
    if (moves.length > 0) {
      saga.add({
        description: `point ${moves.length} DNS entr(ies) at ${old.name} again`,
        region: 'us-east-1',
        type: 'DomainEntry',
        name: moves.map((m) => m.name).join(', '),
        undoneAs: 'restored',
        undo: async () => {
          // The old instance's address now: without a static IP, its restart gave it a new one.
          const back = await calls.instanceAddresses({ region: old.region, instanceName: old.name });
          const entriesBack = moves.flatMap((m) => {
            const target =
              m.type === 'A' ? (back.ipv4 ?? entries.find((e) => e.id === m.id)?.target) : back.ipv6[0];
            return target ? [{ ...m, target }] : [];
          });
          await shortWaits.setDomainEntries({ entries: entriesBack });
        },
      });
      await shortWaits.setDomainEntries({ entries: moves });
    }
    outcome.dnsEntries = moves.map((m) => ({
      domainName: m.domainName,
      id: m.id,
      name: m.name,
      type: m.type,
      from: entries.find((e) => e.id === m.id)?.target ?? '',
      to: m.target,
    }));
    for (const m of outcome.dnsEntries) {
      progress.touched({
        region: 'us-east-1',
        type: 'DomainEntry',
        name: `${m.name} ${m.type}`,
        action: 'moved',
        note: `${m.from} → ${m.to}`,
      });
    }
    progress.fact(
      'DNS entries',
      moves.length ? moves.map((m) => `${m.name} ${m.type}`).join(', ') : 'none pointed at the old address',
    );
  }

  if (carry.loadBalancers && old.loadBalancers.length > 0) {
    if (!sameRegion) {
      progress.fact(
        'load balancers',
        `left: ${old.loadBalancers.join(', ')} in ${old.region} hold instances of their own region only`,
      );
    } else {
      const deadline = Date.now() + LOAD_BALANCER_HEALTH_MS;
      for (const lb of old.loadBalancers) {
        const where = { region: to.region, loadBalancerName: lb };
        saga.add({
          description: `detach ${to.name} from ${lb}`,
          region: to.region,
          type: 'LoadBalancer',
          name: lb,
          undoneAs: 'restored',
          undo: () => shortWaits.detachFromLoadBalancer({ ...where, instanceName: to.name }),
        });
        await shortWaits.attachToLoadBalancer({ ...where, instanceName: to.name });
        await longWaits.awaitHealthyInLoadBalancer({ ...where, instanceName: to.name, deadline });
        saga.add({
          description: `attach ${old.name} to ${lb} again`,
          region: old.region,
          type: 'LoadBalancer',
          name: lb,
          undoneAs: 'restored',
          undo: () => shortWaits.attachToLoadBalancer({ ...where, instanceName: old.name }),
        });
        await shortWaits.detachFromLoadBalancer({ ...where, instanceName: old.name });
        progress.touched({
          region: to.region,
          type: 'LoadBalancer',
          name: lb,
          action: 'moved',
          note: `${old.name} → ${to.name}`,
        });
        outcome.loadBalancers.push(lb);
      }
      progress.fact('load balancers', outcome.loadBalancers.join(', '));
    }
  }
  return outcome;
}
