import type { StatePath } from './change-tracker';
import type { EmulatorState } from './state';

/** One record as a call left it, for the journal: its value, or no value if it was deleted. */
export interface StateChange {
  path: StatePath;
  value?: unknown;
}

type Node = Record<string, unknown>;
const isRecordStore = (value: unknown) =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The changes to journal for the records a call wrote (ChangeTracker): the value now at each.
 * A store that is a list (autoSnapshots) or a flag (vpcPeered) is journaled whole.
 *
 * Each record journaled is replaced in the state by the copy journaled, so the state holds
 * exactly what a restart reads back: no proxy left by the tracker, no object shared between two
 * records (a change through one would reach the other unjournaled), no undefined field.
 */
export function settleChanges(state: EmulatorState, written: StatePath[]): StateChange[] {
  const paths = new Map<string, StatePath>();
  for (const path of written) {
    const store = nodeAt(state, path.slice(0, 1), false)?.[path[1]!];
    const unit = path.length === 3 && !isRecordStore(store) ? path.slice(0, 2) : path;
    paths.set(unit.join('\u0000'), unit);
  }
  const keys = [...paths.keys()];
  const changes: StateChange[] = [];
  for (const [key, path] of paths) {
    // A region written whole covers its stores' changes.
    if (keys.some((other) => other !== key && key.startsWith(`${other}\u0000`))) continue;
    const parent = nodeAt(state, path.slice(0, -1), false);
    const name = path.at(-1)!;
    if (!parent) continue;
    const text = parent[name] === undefined ? undefined : JSON.stringify(parent[name]);
    if (text === undefined) {
      delete parent[name];
      changes.push({ path });
    } else {
      const value: unknown = JSON.parse(text);
      parent[name] = value;
      changes.push({ path, value });
    }
  }
  return changes;
}

/** Replays journaled changes onto a state read from the snapshot. */
export function applyChanges(state: EmulatorState, changes: StateChange[]): void {
  for (const change of changes) {
    const parent = nodeAt(state, change.path.slice(0, -1), true)!;
    const name = change.path.at(-1)!;
    if ('value' in change) parent[name] = change.value;
    else delete parent[name];
  }
}

function nodeAt(root: Node, path: string[], create: boolean): Node | undefined {
  let node = root;
  for (const step of path) {
    if (!isRecordStore(node[step])) {
      if (!create) return undefined;
      node[step] = {};
    }
    node = node[step] as Node;
  }
  return node;
}
