import { strict as assert } from 'node:assert';
import { appendFileSync, copyFileSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AuditEntry } from '../../src/emulator/audit';
import { ChangeTracker } from '../../src/emulator/change-tracker';
import { StateFile } from '../../src/emulator/persistence';
import { applyChanges, settleChanges } from '../../src/emulator/state-changes';
import { emptyState, type EmulatorState, type StoredDisk } from '../../src/emulator/state';

const east = 'us-east-1';
const newPath = () => join(mkdtempSync(join(tmpdir(), 'emulator-state-')), 'state.json');
const entry = (seq: number): AuditEntry => ({
  seq,
  time: new Date(0).toISOString(),
  region: east,
  action: 'GetInstances',
  params: {},
  status: 200,
  durationMs: 1,
});
const disk = (name: string): StoredDisk =>
  ({ name, tags: [], sizeInGb: 8, addOns: [] }) as unknown as StoredDisk;

describe('Lightsail emulator: the state file and its journal', () => {
  it('reads a state file of version 1 (the regions alone, before the journal), and names the file of another version', () => {
    const path = newPath();
    const regions = emptyState();
    regions[east]!.disks.d = disk('d');
    writeFileSync(path, JSON.stringify({ version: 1, regions }));
    const loaded = new StateFile(path).load();
    assert.deepEqual(loaded.state[east]!.disks.d, disk('d'));
    assert.deepEqual(loaded.audit, { seq: 0, entries: [] });

    writeFileSync(path, JSON.stringify({ version: 9, regions }));
    assert.throws(() => new StateFile(path).load(), new RegExp(`${path} is not an emulator state file`));
  });

  it('replays the changes and audit entries journaled after the snapshot, ignoring a last line cut short', () => {
    const path = newPath();
    const file = new StateFile(path);
    file.compact({ state: emptyState(), audit: { seq: 0, entries: [] } });
    file.append({ changes: [{ path: [east, 'disks', 'd'], value: disk('d') }] });
    file.append({ audit: entry(1) });
    file.append({ changes: [{ path: [east, 'vpcPeered'], value: true }] });
    appendFileSync(`${path}.journal`, '{"audit": {"seq": 2, "ti');

    const loaded = new StateFile(path).load();
    assert.deepEqual(loaded.state[east]!.disks.d, disk('d'));
    assert.equal(loaded.state[east]!.vpcPeered, true);
    assert.deepEqual(loaded.audit, { seq: 1, entries: [entry(1)] });
  });

  it('skips a journal already compacted into the snapshot (a stop between the two writes), so no entry counts twice', () => {
    const path = newPath();
    const file = new StateFile(path);
    file.compact({ state: emptyState(), audit: { seq: 0, entries: [] } });
    file.append({ audit: entry(1) });
    copyFileSync(`${path}.journal`, `${path}.old`);
    file.compact({ state: emptyState(), audit: { seq: 1, entries: [entry(1)] } });
    copyFileSync(`${path}.old`, `${path}.journal`);

    assert.deepEqual(new StateFile(path).load().audit.entries, [entry(1)]);
  });

  it('compacts the journal into the snapshot once it has grown as large as the snapshot', () => {
    const path = newPath();
    const file = new StateFile(path, () => {}, 0);
    const state = emptyState();
    const current = () => ({ state, audit: { seq: 0, entries: [] } });
    file.compact(current());
    const snapshotBytes = statSync(path).size;
    // The journal's first line names its generation and is not counted as its records' size.
    const headerBytes = statSync(`${path}.journal`).size;
    let i = 0;
    while (statSync(`${path}.journal`).size - headerBytes <= snapshotBytes) {
      state[east]!.disks[`d${i}`] = disk(`d${i}`);
      file.append({ changes: [{ path: [east, 'disks', `d${i}`], value: disk(`d${i}`) }] });
      i++;
    }
    file.compactIfDue(current);

    assert.equal(readFileSync(`${path}.journal`, 'utf8').split('\n').length, 2);
    assert.equal(Object.keys(new StateFile(path).load().state[east]!.disks).length, i);
  });
});

describe('Lightsail emulator: tracking what a handler writes', () => {
  const seeded = (): EmulatorState => {
    const state = emptyState();
    state[east]!.disks.a = disk('a');
    state[east]!.disks.b = disk('b');
    return state;
  };

  it('notes the record written at any depth, a deleted record, and a list or flag store as a whole', () => {
    const state = seeded();
    const tracker = new ChangeTracker(state);
    const store = tracker.state[east]!;
    store.disks.a!.tags.push({ key: 'k' });
    delete store.disks.b;
    store.autoSnapshots.push({ resourceName: 'a' } as never);
    store.vpcPeered = true;
    const written = tracker.finish();

    const changes = settleChanges(state, written);
    assert.deepEqual(
      changes.map((c) => [c.path.join('/'), 'value' in c]),
      [
        [`${east}/disks/a`, true],
        [`${east}/disks/b`, false],
        [`${east}/autoSnapshots`, true],
        [`${east}/vpcPeered`, true],
      ],
    );
    const replayed = seeded();
    applyChanges(replayed, changes);
    assert.deepEqual(replayed, state);
  });

  it('hands the same proxy for the same object and notes nothing after finish', () => {
    const state = seeded();
    const tracker = new ChangeTracker(state);
    const a = tracker.state[east]!.disks.a!;
    assert.equal(Object.values(tracker.state[east]!.disks)[0], a);
    assert.deepEqual(tracker.finish(), []);
    a.sizeInGb = 16;
    assert.equal(state[east]!.disks.a!.sizeInGb, 16);
  });

  it('leaves in the state a plain copy of each record journaled, sharing no object with another record', () => {
    const state = seeded();
    const tracker = new ChangeTracker(state);
    const store = tracker.state[east]!;
    // A handler copying one record's list into another: both would share it.
    store.disks.c = { ...disk('c'), tags: store.disks.a!.tags };
    settleChanges(state, tracker.finish());

    const c = state[east]!.disks.c!;
    assert.notEqual(c.tags, state[east]!.disks.a!.tags);
    assert.doesNotThrow(() => structuredClone(c));
  });
});
