import { strict as assert } from 'node:assert';
import { ListingWatcher } from '../../src/lightsail/listing-watcher';

const FAST = { initialIntervalMs: 20, maximumIntervalMs: 40, backoffCoefficient: 1.5 };

interface Row {
  name: string;
  state: string;
}

/** A region's list of `pages` pages whose rows change as the test says; counts its listings. */
function fakeList(pages = 1) {
  const rows = new Map<string, Row[]>();
  let listings = 0;
  return {
    rows,
    get listings() {
      return listings;
    },
    list: (region: string) => {
      listings++;
      return Promise.resolve({ items: [...(rows.get(region) ?? [])], calls: pages });
    },
  };
}

const stateOf = (name: string) => (items: Row[]) => {
  const row = items.find((r) => r.name === name);
  if (row?.state === 'Failed') throw new Error(`${name} failed`);
  return row?.state === 'Succeeded' ? row : undefined;
};

describe('ListingWatcher: waits on records that Lightsail lists only whole', () => {
  it('three waits in one region share one listing a round: a listing of three pages costs them what one page each would', async () => {
    const fake = fakeList(3);
    const watcher = new ListingWatcher<Row>('GetExportSnapshotRecords', fake.list);
    fake.rows.set('us-east-1', [
      { name: 'a', state: 'Started' },
      { name: 'b', state: 'Started' },
      { name: 'c', state: 'Started' },
    ]);
    const waits = ['a', 'b', 'c'].map((n) => watcher.watch('us-east-1', stateOf(n), FAST));
    await new Promise((resolve) => setTimeout(resolve, 300));
    const listingsWhileWaiting = fake.listings;
    fake.rows.set('us-east-1', [
      { name: 'a', state: 'Succeeded' },
      { name: 'b', state: 'Succeeded' },
      { name: 'c', state: 'Succeeded' },
    ]);
    const done = await Promise.all(waits);
    assert.deepEqual(
      done.map((r) => r.name),
      ['a', 'b', 'c'],
    );
    // Three separate loops at a 20-40 ms pace would each list about 300 / 30 = 10 times, 3 pages
    // a time: 90 pages. Shared, the pages cost what one page a wait would: about 30.
    const pages = 3 * listingsWhileWaiting;
    assert.ok(pages <= 45, `${pages} pages in 300 ms for three waits`);
    assert.ok(listingsWhileWaiting >= 3, 'the waits were answered at their pace');
  });

  it('fails only the wait whose record failed; regions are listed apart', async () => {
    const fake = fakeList();
    const watcher = new ListingWatcher<Row>('GetCloudFormationStackRecords', fake.list);
    fake.rows.set('us-east-1', [{ name: 'x', state: 'Failed' }]);
    fake.rows.set('eu-west-1', [{ name: 'y', state: 'Succeeded' }]);
    await assert.rejects(watcher.watch('us-east-1', stateOf('x'), FAST), /x failed/);
    assert.equal((await watcher.watch('eu-west-1', stateOf('y'), FAST)).name, 'y');
  });

  it('stops listing a region once nothing waits there, and a cancelled wait rejects with its reason', async () => {
    const fake = fakeList();
    const watcher = new ListingWatcher<Row>('GetExportSnapshotRecords', fake.list);
    const abort = new AbortController();
    const wait = watcher.watch('us-east-1', stateOf('never'), FAST, abort.signal);
    await new Promise((resolve) => setTimeout(resolve, 100));
    abort.abort(new Error('cancelled'));
    await assert.rejects(wait, /cancelled/);
    const after = fake.listings;
    await new Promise((resolve) => setTimeout(resolve, 150));
    assert.equal(fake.listings, after);
  });
});
