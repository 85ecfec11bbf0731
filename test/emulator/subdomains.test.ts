import { strict as assert } from 'node:assert';
import {
  CheckSubdomainAvailabilityCommand,
  CreateDistributionCommand,
  CreateSubdomainCommand,
  DeleteSubdomainCommand,
  GetSubdomainsCommand,
  InvalidInputException,
  NotFoundException,
  TagResourceCommand,
  UpdateSubdomainAssociationCommand,
} from '@aws-sdk/client-lightsail';
import { assertMatchesReference } from './conformance';
import { useEmulator, waitFor } from './harness';
import { rejectsWith } from './network-helpers';

/** Subdomains of amazonlightsail.com and their association with distributions, through the real SDK. */
describe('Lightsail emulator: subdomains', () => {
  const h = useEmulator();
  const east = () => h.lightsail('us-east-1');
  const one = async (subdomainName: string) =>
    (await east().send(new GetSubdomainsCommand({ subdomainName }))).subdomains![0]!;
  const distribution = async (distributionName: string) =>
    (
      await east().send(
        new CreateDistributionCommand({
          distributionName,
          origin: { name: 'web-1', regionName: 'us-east-1', protocolPolicy: 'http-only' },
          defaultCacheBehavior: { behavior: 'dont-cache' },
          bundleId: 'small_1_0',
        }),
      )
    ).distribution!.arn!;

  it('checks availability and reserves a name for 15 minutes without extending it', async () => {
    const free = await east().send(new CheckSubdomainAvailabilityCommand({ subdomainName: 'mysite' }));
    assertMatchesReference('CheckSubdomainAvailability', free);
    assert.deepEqual([free.available, free.reservationExpiresAt], [true, undefined]);
    const reserved = await east().send(
      new CheckSubdomainAvailabilityCommand({ subdomainName: 'blog.mysite', reserve: true }),
    );
    const expires = reserved.reservationExpiresAt!.getTime();
    assert.ok(Math.abs(expires - Date.now() - 900_000 / 3000) < 1000, 'a 15 minute reservation, scaled');
    const again = await east().send(
      new CheckSubdomainAvailabilityCommand({ subdomainName: 'mysite', reserve: true }),
    );
    assert.equal(again.reservationExpiresAt?.getTime(), expires);
  });

  it('creates a nested subdomain, holding its top-level one IMPLICIT, then lists top-level ones with children', async () => {
    const created = await east().send(
      new CreateSubdomainCommand({ subdomainName: 'blog.mysite', tags: [{ key: 'team', value: 'web' }] }),
    );
    assertMatchesReference('CreateSubdomain', created);
    assert.equal(created.operation?.operationType, 'CreateSubdomain');
    assert.equal(created.subdomain?.state, 'CREATING');
    assert.equal(created.subdomain?.fqdn, 'blog.mysite.amazonlightsail.com');
    assert.equal(created.subdomain?.parentFqdn, 'mysite.amazonlightsail.com');
    await waitFor(
      () => one('blog.mysite'),
      (s) => s.state === 'UNATTACHED',
    );
    const listed = await east().send(new GetSubdomainsCommand({}));
    assertMatchesReference('GetSubdomains', listed);
    const top = listed.subdomains!;
    assert.deepEqual(
      top.map((s) => [
        s.subdomainName,
        s.state,
        s.arn === undefined,
        s.children?.map((c) => c.subdomainName),
      ]),
      [['mysite', 'IMPLICIT', true, ['blog.mysite']]],
    );
    assert.deepEqual((await one('blog.mysite')).tags, [{ key: 'team', value: 'web' }]);
    await east().send(
      new TagResourceCommand({ resourceName: 'blog.mysite', tags: [{ key: 'env', value: 'prod' }] }),
    );
    assert.deepEqual((await one('blog.mysite')).tags, [
      { key: 'team', value: 'web' },
      { key: 'env', value: 'prod' },
    ]);
    assert.equal(
      (await east().send(new CheckSubdomainAvailabilityCommand({ subdomainName: 'blog.mysite' }))).available,
      false,
    );
  });

  it('associates with a distribution, transfers to another, disassociates, and deletes only when unattached', async () => {
    // 120 AWS seconds of association take 200 ms: long enough to see TRANSFERRING.
    await h.control.setTimeScale(600);
    await east().send(new CreateSubdomainCommand({ subdomainName: 'shop' }));
    await waitFor(
      () => one('shop'),
      (s) => s.state === 'UNATTACHED',
    );
    const [first, second] = [await distribution('cdn-a'), await distribution('cdn-b')];
    const associating = await east().send(
      new UpdateSubdomainAssociationCommand({
        subdomainName: 'shop',
        action: 'ASSOCIATE',
        targetResourceArn: first,
      }),
    );
    assertMatchesReference('UpdateSubdomainAssociation', associating);
    assert.equal(associating.subdomain?.state, 'ATTACHING');
    assert.equal(associating.subdomain?.attachingResource?.name, 'cdn-a');
    const attached = await waitFor(
      () => one('shop'),
      (s) => s.state === 'ATTACHED',
    );
    assert.equal(attached.attachedResource?.arn, first);
    await rejectsWith(
      east().send(new DeleteSubdomainCommand({ subdomainName: 'shop' })),
      InvalidInputException,
      /disassociate it first/,
    );
    await east().send(
      new UpdateSubdomainAssociationCommand({
        subdomainName: 'shop',
        action: 'TRANSFER',
        targetResourceArn: second,
      }),
    );
    assert.equal((await one('shop')).state, 'TRANSFERRING');
    await waitFor(
      () => one('shop'),
      (s) => s.attachedResource?.name === 'cdn-b' && s.state === 'ATTACHED',
    );
    await rejectsWith(
      east().send(
        new UpdateSubdomainAssociationCommand({
          subdomainName: 'shop',
          action: 'TRANSFER',
          targetResourceArn: first,
        }),
      ),
      InvalidInputException,
      /once in 24 hours/,
    );
    await east().send(
      new UpdateSubdomainAssociationCommand({ subdomainName: 'shop', action: 'DISASSOCIATE' }),
    );
    await waitFor(
      () => one('shop'),
      (s) => s.state === 'UNATTACHED',
    );
    const deleted = await east().send(new DeleteSubdomainCommand({ subdomainName: 'shop' }));
    assertMatchesReference('DeleteSubdomain', deleted);
    await rejectsWith(
      east().send(new GetSubdomainsCommand({ subdomainName: 'shop' })),
      NotFoundException,
      /shop/,
    );
  });

  it('deleting a top-level subdomain with nested ones leaves it IMPLICIT; deleting the last nested one removes it', async () => {
    await east().send(new CreateSubdomainCommand({ subdomainName: 'docs' }));
    await east().send(new CreateSubdomainCommand({ subdomainName: 'api2.docs' }));
    await waitFor(
      () => one('api2.docs'),
      (s) => s.state === 'UNATTACHED',
    );
    await waitFor(
      () => one('docs'),
      (s) => s.state === 'UNATTACHED',
    );
    await east().send(new DeleteSubdomainCommand({ subdomainName: 'docs' }));
    assert.equal((await one('docs')).state, 'IMPLICIT');
    await east().send(new DeleteSubdomainCommand({ subdomainName: 'api2.docs' }));
    assert.deepEqual((await east().send(new GetSubdomainsCommand({}))).subdomains, []);
  });

  it("refuses names the model's rules forbid, another region, and a name held twice", async () => {
    for (const name of ['My-Site', 'a.b.c', '-edge', 'xn--abc', 'www', 'x'.repeat(40)]) {
      await rejectsWith(
        east().send(new CreateSubdomainCommand({ subdomainName: name })),
        InvalidInputException,
        /subdomain name/,
      );
    }
    await rejectsWith(
      h.lightsail('eu-west-1').send(new GetSubdomainsCommand({})),
      InvalidInputException,
      /us-east-1/,
    );
    await east().send(new CreateSubdomainCommand({ subdomainName: 'twice' }));
    await rejectsWith(
      east().send(new CreateSubdomainCommand({ subdomainName: 'twice' })),
      InvalidInputException,
      /already exists/,
    );
  });
});
