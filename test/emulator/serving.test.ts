import { strict as assert } from 'node:assert';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { LoopbackSites, type SiteFamily, type WantedSite } from '../../src/emulator/serving/loopback-sites';
import { fillPortPool, reservePort } from '../../src/emulator/serving/port-pool';

/** A family whose wanted sites the test sets, answering with the site's key, path and host. */
function echoFamily(sites: WantedSite[]): SiteFamily & { relocated: [string, number][] } {
  const relocated: [string, number][] = [];
  return {
    kind: 'test',
    relocated,
    wanted: () => sites,
    answer: (key, request) =>
      Promise.resolve({
        status: 200,
        headers: { 'content-type': 'application/json' },
        body: Buffer.from(JSON.stringify({ key, path: request.url, host: request.headers.host })),
      }),
    relocate: (key, port) => {
      relocated.push([key, port]);
      const site = sites.find((s) => s.key === key);
      if (site) site.port = port;
    },
  };
}

async function reserved(): Promise<number> {
  await fillPortPool();
  const port = reservePort();
  assert.ok(port, 'the pool has a port');
  return port;
}

describe('emulator serving: loopback sites', () => {
  it('serves each wanted site on its reserved port and passes path and host to the family', async () => {
    const port = await reserved();
    const sites = new LoopbackSites(echoFamily([{ key: 'us-east-1/web', port }]));
    try {
      await sites.sync();
      const response = await fetch(`http://127.0.0.1:${port}/hello`);
      assert.equal(response.status, 200);
      assert.deepEqual(await response.json(), {
        key: 'us-east-1/web',
        path: '/hello',
        host: `127.0.0.1:${port}`,
      });
    } finally {
      await sites.close();
    }
  });

  it('closes the listener of a site that is no longer wanted', async () => {
    const port = await reserved();
    const wanted: WantedSite[] = [{ key: 'a', port }];
    const sites = new LoopbackSites(echoFamily(wanted));
    try {
      await sites.sync();
      assert.equal((await fetch(`http://127.0.0.1:${port}/`)).status, 200);
      wanted.pop();
      await sites.sync();
      await assert.rejects(fetch(`http://127.0.0.1:${port}/`));
    } finally {
      await sites.close();
    }
  });

  it('moves a restored site whose remembered port is taken to a new port and tells the family', async () => {
    const squatter = createServer();
    await new Promise<void>((resolve) => squatter.listen(0, '127.0.0.1', resolve));
    const taken = (squatter.address() as AddressInfo).port;
    const family = echoFamily([{ key: 'restored', port: taken }]);
    const sites = new LoopbackSites(family);
    try {
      await sites.sync();
      assert.equal(family.relocated.length, 1);
      const [key, moved] = family.relocated[0]!;
      assert.equal(key, 'restored');
      assert.notEqual(moved, taken);
      const body = (await (await fetch(`http://127.0.0.1:${moved}/x`)).json()) as { key: string };
      assert.equal(body.key, 'restored');
    } finally {
      await sites.close();
      squatter.close();
    }
  });
});
