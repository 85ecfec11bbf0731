import { strict as assert } from 'node:assert';
import { formatReport, runSoak } from '../../scripts/soak/run-soak';

/**
 * The CI version of `npm run soak`: a handful of mixed runs through worker SIGKILLs, a dev
 * server restart and failing Lightsail calls. Its own dev server, so the restart spares the
 * other tests' one.
 */
describe('soak: mixed procedures (failover and drill among them) and races on shared names through SIGKILLs, a dev server restart and 20% failing calls', function () {
  this.timeout(600_000);

  it('ends every run as expected, races included, creates nothing twice, shares or deletes nothing across runs, and leaves nothing behind a failed run', async () => {
    // 18 runs reach every scenario once, the database restores last.
    const report = await runSoak({ runs: 18, kills: 2, faultRate: 0.2, restartServer: true });
    const table = formatReport(report);
    assert.equal(report.runs.length, 18);
    assert.ok(
      report.runs.some((r) => r.kind === 'failover') && report.runs.some((r) => r.kind === 'drill'),
      'a failover and a drill ran',
    );
    assert.ok(
      report.runs.some((r) => r.kind.startsWith('race')),
      'two runs raced on shared names',
    );
    assert.ok(
      report.runs.some((r) => r.kind.includes('migrat')),
      'a migration ran, and two raced for one instance',
    );
    assert.ok(
      report.runs.some((r) => r.kind.startsWith('race: restores')),
      'a database restore replaced staging, and two raced for one database name',
    );
    assert.deepEqual(
      report.runs.filter((r) => r.problem),
      [],
      table,
    );
    assert.deepEqual(report.duplicates, [], table);
    assert.deepEqual(report.shared, [], table);
    assert.deepEqual(report.deletedAcross, [], table);
    assert.equal(report.serverRestarts, 1);
  });
});
