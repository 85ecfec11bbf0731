import { strict as assert } from 'node:assert';
import {
  CreateDiskCommand,
  GetCostEstimateCommand,
  GetInstanceCommand,
  GetProfileCommand,
  InvalidInputException,
  NotFoundException,
} from '@aws-sdk/client-lightsail';
import { SEEDED } from '../../src/emulator';
import { assertMatchesReference } from './conformance';
import { useEmulator } from './harness';
import { rejectsWith } from './network-helpers';

/** GetProfile and GetCostEstimate through the real SDK. */
describe('Lightsail emulator: profile and cost estimates', () => {
  const h = useEmulator();
  const client = () => h.lightsail(SEEDED.region);
  const DAY = 86_400_000;

  it('GetProfile answers an account outside the partner program', async () => {
    const profile = await client().send(new GetProfileCommand({}));
    assertMatchesReference('GetProfile', profile);
    assert.equal(profile.profileType, 'Lightsailor');
    assert.equal(profile.partner, undefined);
  });

  it("GetCostEstimate prices an instance's hours a day from its bundle, from its creation on", async () => {
    const instance = (await client().send(new GetInstanceCommand({ instanceName: SEEDED.instance })))
      .instance!;
    const created = instance.createdAt!.getTime();
    const dayStart = Math.floor(created / DAY) * DAY;
    const answer = await client().send(
      new GetCostEstimateCommand({
        resourceName: SEEDED.instance,
        startTime: new Date(dayStart - DAY),
        endTime: new Date(dayStart + 2 * DAY),
      }),
    );
    assertMatchesReference('GetCostEstimate', answer);
    const [estimate] = answer.resourcesBudgetEstimate!;
    assert.equal(estimate?.resourceType, 'Instance');
    const [usage] = estimate.costEstimates!;
    const days = usage!.resultsByTime!;
    assert.equal(days.length, 3);
    // The day before its creation costs nothing; a whole day is 24 hours of its bundle's price.
    assert.deepEqual([days[0]!.usageCost, days[0]!.unit], [0, 0]);
    assert.equal(days[2]!.unit, 24);
    assert.equal(days[2]!.pricingUnit, 'Hrs');
    assert.equal(days[2]!.currency, 'USD');
    const monthly = { nano_3_0: 5, micro_3_0: 7, small_3_0: 12 }[instance.bundleId!] ?? NaN;
    assert.equal(days[2]!.usageCost, Math.round(((24 * monthly) / 744) * 1e4) / 1e4);
    assert.equal(days[1]!.timePeriod?.start?.getTime(), dayStart);
  });

  it('GetCostEstimate prices a disk by the GB-month', async () => {
    await client().send(
      new CreateDiskCommand({ diskName: 'cost-disk', availabilityZone: `${SEEDED.region}a`, sizeInGb: 744 }),
    );
    const now = Date.now();
    const answer = await client().send(
      new GetCostEstimateCommand({
        resourceName: 'cost-disk',
        startTime: new Date(now),
        endTime: new Date(now + 3_600_000),
      }),
    );
    const usage = answer.resourcesBudgetEstimate![0]!.costEstimates![0]!;
    const hours = usage.resultsByTime!.reduce((sum, r) => sum + r.unit!, 0);
    // 744 GB for one hour of a 744-hour month is one GB-month: $0.10.
    assert.equal(usage.resultsByTime![0]!.pricingUnit, 'GB-Mo');
    assert.ok(Math.abs(hours - 1) < 0.001, `GB-months: ${hours}`);
  });

  it('GetCostEstimate refuses an unknown resource and a reversed or too long range', async () => {
    const now = Date.now();
    await rejectsWith(
      client().send(
        new GetCostEstimateCommand({
          resourceName: 'ghost',
          startTime: new Date(now - DAY),
          endTime: new Date(now),
        }),
      ),
      NotFoundException,
      /ghost/,
    );
    await rejectsWith(
      client().send(
        new GetCostEstimateCommand({
          resourceName: SEEDED.instance,
          startTime: new Date(now),
          endTime: new Date(now - DAY),
        }),
      ),
      InvalidInputException,
      /before endTime/,
    );
    await rejectsWith(
      client().send(
        new GetCostEstimateCommand({
          resourceName: SEEDED.instance,
          startTime: new Date(now - 400 * DAY),
          endTime: new Date(now),
        }),
      ),
      InvalidInputException,
      /366 days/,
    );
  });
});
