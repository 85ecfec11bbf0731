import { strict as assert } from 'node:assert';
import { freePort, freePorts } from '../support/free-port';

describe('test support: free ports', () => {
  it('chooses ports below the ephemeral range, so no outgoing connection or listen(0) takes them before the test binds them', async () => {
    for (let i = 0; i < 20; i++) {
      const port = await freePort();
      assert.ok(port >= 20000 && port < 32768, `port ${port} is in the system's ephemeral range`);
    }
  });

  it('gives one stack distinct ports', async () => {
    const ports = await freePorts(6);
    assert.equal(new Set(ports).size, 6);
  });
});
