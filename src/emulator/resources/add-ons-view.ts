import type { AutoSnapshotAddOn } from '../state';

/**
 * An instance's or disk's add-ons as Lightsail answers them. An enabled AutoSnapshot add-on also
 * names nextSnapshotTimeOfDay, the next daily time a snapshot is made: the next occurrence of
 * snapshotTimeOfDay. Both are HH:00 times of day in UTC, so the next occurrence of a daily time
 * has that same time of day. It is derived here rather than stored, so state files written
 * before it existed answer it too.
 */
export function addOnsView(addOns: readonly AutoSnapshotAddOn[]) {
  return addOns.map((a) =>
    a.status === 'Enabled' ? { ...a, nextSnapshotTimeOfDay: a.snapshotTimeOfDay } : { ...a },
  );
}
