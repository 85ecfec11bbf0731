import { strict as assert } from 'node:assert';
import { defaultMaxCachedWorkflows } from '../../src/worker';

describe('the worker cache default', () => {
  it('keeps one run per 4 MiB of heap above 600 MiB (886 on a 4 GiB heap), and never fewer than 10', () => {
    assert.equal(defaultMaxCachedWorkflows(4144), 886);
    assert.equal(defaultMaxCachedWorkflows(2048), 362);
    assert.equal(defaultMaxCachedWorkflows(512), 10);
  });

  it('stays below the SDK default, which assumes 1.7 MiB a run and ran the workflow thread out of memory', () => {
    const heap = 4144;
    const sdkDefault = Math.floor(((heap - 200) * 600) / 1024);
    assert.ok(defaultMaxCachedWorkflows(heap) < sdkDefault / 2);
  });
});
