import { strict as assert } from 'node:assert';
import { formatReport, runSoak } from '../../scripts/soak/run-soak';

/**
 * The CI version of `npm run soak`: a handful of mixed runs through worker SIGKILLs, a dev
 * server restart and failing Lightsail calls. Its own dev server, so the restart spares the
 * other tests' one.
 */
describe('soak: mixed procedures through SIGKILLs, a dev server restart and 20% failing calls', function () {
  this.timeout(600_000);

  it('ends every run as expected, creates nothing twice, and leaves nothing behind a failed run', async () => {
    const report = await runSoak({ runs: 8, kills: 2, faultRate: 0.2, restartServer: true });
    const table = formatReport(report);
    assert.equal(report.runs.length, 8);
    assert.deepEqual(
      report.runs.filter((r) => r.problem),
      [],
      table,
    );
    assert.deepEqual(report.duplicates, [], table);
    assert.equal(report.serverRestarts, 1);
  });
});
