import { strict as assert } from 'node:assert';
import {
  CreateContactMethodCommand,
  CreateLoadBalancerCommand,
  DeleteAlarmCommand,
  DeleteContactMethodCommand,
  DeleteInstanceCommand,
  DeleteLoadBalancerCommand,
  GetAlarmsCommand,
  GetContactMethodsCommand,
  InvalidInputException,
  NotFoundException,
  PutAlarmCommand,
  type PutAlarmCommandInput,
  SendContactMethodVerificationCommand,
  TagResourceCommand,
  TestAlarmCommand,
} from '@aws-sdk/client-lightsail';
import { SEEDED } from '../../src/emulator';
import { assertMatchesReference } from './conformance';
import { useEmulator, waitFor } from './harness';
import { rejectsWith } from './network-helpers';

/** Alarms on instance and load balancer metrics, and the contact methods they notify. */
describe('Lightsail emulator: alarms and contact methods', () => {
  const h = useEmulator();
  const client = () => h.lightsail(SEEDED.region);
  const cpuAlarm: PutAlarmCommandInput = {
    alarmName: 'cpu-high',
    monitoredResourceName: SEEDED.instance,
    metricName: 'CPUUtilization',
    comparisonOperator: 'GreaterThanThreshold',
    threshold: 1000,
    evaluationPeriods: 1,
  };
  const alarm = async (name: string) =>
    (await client().send(new GetAlarmsCommand({ alarmName: name }))).alarms?.[0];

  it('CreateContactMethod makes an email contact method pending verification, then Valid', async () => {
    await h.control.setTimeScale(10);
    const created = await client().send(
      new CreateContactMethodCommand({ protocol: 'Email', contactEndpoint: 'ops@example.com' }),
    );
    assertMatchesReference('CreateContactMethod', created);
    assert.equal(created.operations?.[0]?.resourceType, 'ContactMethod');
    const listed = await client().send(new GetContactMethodsCommand({}));
    assertMatchesReference('GetContactMethods', listed);
    assert.equal(listed.contactMethods?.[0]?.status, 'PendingVerification');
    assert.equal(listed.contactMethods?.[0]?.contactEndpoint, 'ops@example.com');
    await h.control.setTimeScale(3000);
    await waitFor(
      () => client().send(new GetContactMethodsCommand({ protocols: ['Email'] })),
      (out) => out.contactMethods?.[0]?.status === 'Valid',
    );
  });

  it('CreateContactMethod makes an SMS contact method Valid at once and GetContactMethods filters by protocol', async () => {
    await client().send(new CreateContactMethodCommand({ protocol: 'SMS', contactEndpoint: '+15555550100' }));
    const sms = await client().send(new GetContactMethodsCommand({ protocols: ['SMS'] }));
    assert.equal(sms.contactMethods?.length, 1);
    assert.equal(sms.contactMethods?.[0]?.status, 'Valid');
    const email = await client().send(new GetContactMethodsCommand({ protocols: ['Email'] }));
    assert.deepEqual(email.contactMethods, []);
  });

  it('CreateContactMethod refuses SMS outside the SMS regions, bad endpoints and a second of a protocol', async () => {
    await rejectsWith(
      h
        .lightsail('eu-central-1')
        .send(new CreateContactMethodCommand({ protocol: 'SMS', contactEndpoint: '+15555550100' })),
      InvalidInputException,
      /SMS protocol is not supported in eu-central-1/,
    );
    await rejectsWith(
      client().send(new CreateContactMethodCommand({ protocol: 'Email', contactEndpoint: 'not-an-address' })),
      InvalidInputException,
      /contactEndpoint/,
    );
    await rejectsWith(
      client().send(new CreateContactMethodCommand({ protocol: 'SMS', contactEndpoint: '555-0100' })),
      InvalidInputException,
      /contactEndpoint .*E\.164/,
    );
    await rejectsWith(
      client().send(new CreateContactMethodCommand({ protocol: 'Pigeon' as 'SMS', contactEndpoint: 'x' })),
      InvalidInputException,
      /protocol/,
    );
    await client().send(
      new CreateContactMethodCommand({ protocol: 'Email', contactEndpoint: 'a@example.com' }),
    );
    await rejectsWith(
      client().send(new CreateContactMethodCommand({ protocol: 'Email', contactEndpoint: 'b@example.com' })),
      InvalidInputException,
      /already has an Email contact method/,
    );
  });

  it('SendContactMethodVerification sends again while pending and refuses once verified or for SMS', async () => {
    await h.control.setTimeScale(10);
    await client().send(
      new CreateContactMethodCommand({ protocol: 'Email', contactEndpoint: 'ops@example.com' }),
    );
    const sent = await client().send(new SendContactMethodVerificationCommand({ protocol: 'Email' }));
    assertMatchesReference('SendContactMethodVerification', sent);
    assert.equal(sent.operations?.[0]?.operationType, 'SendContactMethodVerification');
    await rejectsWith(
      client().send(new SendContactMethodVerificationCommand({ protocol: 'SMS' as 'Email' })),
      InvalidInputException,
      /protocol/,
    );
    await h.control.setTimeScale(3000);
    await waitFor(
      () => client().send(new GetContactMethodsCommand({})),
      (out) => out.contactMethods?.[0]?.status === 'Valid',
    );
    await rejectsWith(
      client().send(new SendContactMethodVerificationCommand({ protocol: 'Email' })),
      InvalidInputException,
      /already verified/,
    );
    await rejectsWith(
      h.lightsail('eu-west-1').send(new SendContactMethodVerificationCommand({ protocol: 'Email' })),
      NotFoundException,
      /Email/,
    );
  });

  it('DeleteContactMethod deletes the protocol contact method, then answers NotFoundException', async () => {
    await client().send(
      new CreateContactMethodCommand({ protocol: 'Email', contactEndpoint: 'ops@example.com' }),
    );
    const deleted = await client().send(new DeleteContactMethodCommand({ protocol: 'Email' }));
    assertMatchesReference('DeleteContactMethod', deleted);
    assert.deepEqual((await client().send(new GetContactMethodsCommand({}))).contactMethods, []);
    await rejectsWith(
      client().send(new DeleteContactMethodCommand({ protocol: 'Email' })),
      NotFoundException,
      /Email/,
    );
  });

  it('PutAlarm creates an alarm GetAlarms shows with every Alarm field, its state from the metric', async () => {
    await client().send(
      new CreateContactMethodCommand({ protocol: 'Email', contactEndpoint: 'ops@example.com' }),
    );
    const put = await client().send(
      new PutAlarmCommand({
        ...cpuAlarm,
        contactProtocols: ['Email'],
        notificationTriggers: ['ALARM', 'OK'],
      }),
    );
    assertMatchesReference('PutAlarm', put);
    assert.equal(put.operations?.[0]?.resourceType, 'Alarm');
    const listed = await client().send(new GetAlarmsCommand({ monitoredResourceName: SEEDED.instance }));
    assertMatchesReference('GetAlarms', listed);
    const a = listed.alarms?.[0];
    assert.equal(a?.name, 'cpu-high');
    assert.equal(a?.unit, 'Percent');
    assert.equal(a?.statistic, 'Average');
    assert.equal(a?.period, 300);
    assert.equal(a?.datapointsToAlarm, 1);
    assert.equal(a?.treatMissingData, 'missing');
    assert.equal(a?.notificationEnabled, true);
    assert.deepEqual(a?.monitoredResourceInfo?.resourceType, 'Instance');
    // CPU utilization is never above 1000 %: OK. Below it, always: ALARM once overwritten.
    assert.equal(a?.state, 'OK');
    await client().send(new PutAlarmCommand({ ...cpuAlarm, comparisonOperator: 'LessThanThreshold' }));
    assert.equal((await alarm('cpu-high'))?.state, 'ALARM');
    assert.equal((await alarm('cpu-high'))?.comparisonOperator, 'LessThanThreshold');
  });

  it('PutAlarm watches load balancer metrics with their unit', async () => {
    await client().send(new CreateLoadBalancerCommand({ loadBalancerName: 'lb-a', instancePort: 80 }));
    await client().send(
      new PutAlarmCommand({
        alarmName: 'lb-5xx',
        monitoredResourceName: 'lb-a',
        metricName: 'HTTPCode_LB_5XX_Count',
        comparisonOperator: 'GreaterThanOrEqualToThreshold',
        threshold: 10,
        evaluationPeriods: 3,
        datapointsToAlarm: 2,
        treatMissingData: 'notBreaching',
      }),
    );
    const a = await alarm('lb-5xx');
    assert.equal(a?.monitoredResourceInfo?.resourceType, 'LoadBalancer');
    assert.equal(a?.unit, 'Count');
    assert.equal(a?.statistic, 'Sum');
  });

  it('PutAlarm refuses bad parameters, naming the field', async () => {
    const bad: [Partial<PutAlarmCommandInput>, RegExp][] = [
      [{ metricName: 'RequestCount' }, /metricName RequestCount is not a metric of Instance/],
      [{ comparisonOperator: 'Above' as 'LessThanThreshold' }, /comparisonOperator/],
      [{ evaluationPeriods: 0 }, /evaluationPeriods/],
      [{ evaluationPeriods: 289 }, /evaluationPeriods/],
      [{ evaluationPeriods: 2, datapointsToAlarm: 3 }, /datapointsToAlarm .*evaluationPeriods/],
      [{ treatMissingData: 'zero' as 'missing' }, /treatMissingData/],
      [{ notificationTriggers: ['OK'] }, /notificationTriggers must include ALARM/],
      [{ contactProtocols: ['SMS'] }, /contactProtocols .*CreateContactMethod/],
      [{ threshold: undefined }, /threshold/],
    ];
    for (const [extra, message] of bad) {
      await rejectsWith(
        client().send(new PutAlarmCommand({ ...cpuAlarm, ...extra })),
        InvalidInputException,
        message,
      );
    }
    await rejectsWith(
      client().send(new PutAlarmCommand({ ...cpuAlarm, monitoredResourceName: 'ghost' })),
      NotFoundException,
      /monitoredResourceName ghost/,
    );
    // Notifications off: no contact method is needed.
    await client().send(
      new PutAlarmCommand({ ...cpuAlarm, contactProtocols: ['SMS'], notificationEnabled: false }),
    );
  });

  it('PutAlarm allows two alarms per metric of a resource, not three', async () => {
    await client().send(new PutAlarmCommand({ ...cpuAlarm, alarmName: 'cpu-1' }));
    await client().send(new PutAlarmCommand({ ...cpuAlarm, alarmName: 'cpu-2' }));
    await rejectsWith(
      client().send(new PutAlarmCommand({ ...cpuAlarm, alarmName: 'cpu-3' })),
      InvalidInputException,
      /2 alarms on metricName CPUUtilization/,
    );
    // Overwriting one of the two is not a third.
    await client().send(new PutAlarmCommand({ ...cpuAlarm, alarmName: 'cpu-2', threshold: 90 }));
  });

  it('TestAlarm shows the tested state until the next evaluation, then the metric one', async () => {
    await h.control.setTimeScale(10);
    await client().send(new PutAlarmCommand(cpuAlarm));
    const tested = await client().send(new TestAlarmCommand({ alarmName: 'cpu-high', state: 'ALARM' }));
    assertMatchesReference('TestAlarm', tested);
    assert.equal(tested.operations?.[0]?.operationType, 'TestAlarm');
    assert.equal((await alarm('cpu-high'))?.state, 'ALARM');
    await h.control.setTimeScale(3000);
    await waitFor(
      () => alarm('cpu-high'),
      (a) => a?.state === 'OK',
    );
    await rejectsWith(
      client().send(new TestAlarmCommand({ alarmName: 'cpu-high', state: 'BROKEN' as 'OK' })),
      InvalidInputException,
      /state/,
    );
    await rejectsWith(
      client().send(new TestAlarmCommand({ alarmName: 'nope', state: 'OK' })),
      NotFoundException,
      /nope/,
    );
  });

  it('DeleteAlarm deletes the alarm, then answers NotFoundException; alarms take tags', async () => {
    await client().send(new PutAlarmCommand(cpuAlarm));
    await client().send(
      new TagResourceCommand({ resourceName: 'cpu-high', tags: [{ key: 'team', value: 'ops' }] }),
    );
    const deleted = await client().send(new DeleteAlarmCommand({ alarmName: 'cpu-high' }));
    assertMatchesReference('DeleteAlarm', deleted);
    assert.deepEqual((await client().send(new GetAlarmsCommand({}))).alarms, []);
    await rejectsWith(
      client().send(new DeleteAlarmCommand({ alarmName: 'cpu-high' })),
      NotFoundException,
      /cpu-high/,
    );
    await rejectsWith(
      client().send(new GetAlarmsCommand({ alarmName: 'cpu-high' })),
      NotFoundException,
      /cpu-high/,
    );
  });

  it('DeleteInstance and DeleteLoadBalancer delete the alarms on them, as Lightsail does', async () => {
    await client().send(new CreateLoadBalancerCommand({ loadBalancerName: 'lb-d', instancePort: 80 }));
    await client().send(new PutAlarmCommand(cpuAlarm));
    await client().send(
      new PutAlarmCommand({
        ...cpuAlarm,
        alarmName: 'lb-req',
        monitoredResourceName: 'lb-d',
        metricName: 'RequestCount',
      }),
    );
    await client().send(new DeleteInstanceCommand({ instanceName: SEEDED.instance }));
    assert.deepEqual(
      (await client().send(new GetAlarmsCommand({}))).alarms?.map((a) => a.name),
      ['lb-req'],
    );
    await client().send(new DeleteLoadBalancerCommand({ loadBalancerName: 'lb-d' }));
    assert.deepEqual((await client().send(new GetAlarmsCommand({}))).alarms, []);
  });
});
