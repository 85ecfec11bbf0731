import { strict as assert } from 'node:assert';
import { duplicatesIn } from '../../scripts/soak/run-soak';
import type { AuditEntry } from '../../src/emulator/audit';

const entry = (action: string, params: Record<string, unknown>, status = 200): AuditEntry => ({
  seq: 0,
  time: '',
  region: 'eu-west-1',
  action,
  params,
  status,
  durationMs: 1,
});

describe('soak: finding resources created twice in the audit', () => {
  it('reports a snapshot copied twice and a stack made twice (once behind a lost answer), not a refused call', () => {
    const audit = [
      entry('CopySnapshot', { targetSnapshotName: 'a-dr' }),
      entry('CopySnapshot', { targetSnapshotName: 'a-dr' }),
      entry('CopySnapshot', { targetSnapshotName: 'b-dr' }),
      entry('CopySnapshot', { targetSnapshotName: 'b-dr' }, 400),
      // The first took effect though its answer was lost.
      {
        ...entry('CreateCloudFormationStack', { instances: [{ sourceName: 'rec-1' }] }, 500),
        tookEffect: true,
      },
      entry('CreateCloudFormationStack', { instances: [{ sourceName: 'rec-1' }] }),
      entry('GetInstanceSnapshots', {}),
    ];
    assert.deepEqual(duplicatesIn(audit), [
      'eu-west-1 CopySnapshot a-dr x2',
      'eu-west-1 CreateCloudFormationStack rec-1 x2',
    ]);
  });
});
