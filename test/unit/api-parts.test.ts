import { strict as assert } from 'node:assert';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseApiTokens } from '../../src/api/auth';
import { loadTriggers, notificationOf, render } from '../../src/api/triggers';
import { bearerTokenMatches } from '../../src/auth/bearer';

describe('API parts: tokens, triggers and templates', () => {
  it('compares bearer tokens exactly, whatever their length, and splits read-only tokens', () => {
    const tokens = parseApiTokens('writer-token-0123456789, read:reader-token-0123456789');
    assert.deepEqual(tokens, { write: ['writer-token-0123456789'], read: ['reader-token-0123456789'] });
    assert.ok(bearerTokenMatches('Bearer writer-token-0123456789', tokens.write));
    assert.ok(!bearerTokenMatches('Bearer writer-token-012345678', tokens.write));
    assert.ok(!bearerTokenMatches('Basic writer-token-0123456789', tokens.write));
    assert.ok(!bearerTokenMatches(undefined, tokens.write));
    assert.throws(() => parseApiTokens('short'), /at least 16 characters/);
  });

  it('reads an alarm from an SNS envelope posted as text, and fills templates with whole values or text', () => {
    const n = notificationOf(
      JSON.stringify({
        Type: 'Notification',
        MessageId: 'm-1',
        Message: JSON.stringify({
          AlarmName: 'web-1-cpu',
          NewStateValue: 'ALARM',
          AlarmArn: 'arn:aws:cloudwatch:eu-west-2:123456789012:alarm:web-1-cpu',
          Trigger: { MetricName: 'CPUUtilization', Dimensions: [{ name: 'InstanceName', value: 'web-1' }] },
        }),
      }),
    );
    assert.deepEqual(n.alarm, {
      name: 'web-1-cpu',
      state: 'ALARM',
      region: 'eu-west-2',
      resourceName: 'web-1',
      metric: 'CPUUtilization',
    });
    assert.deepEqual(
      render(
        {
          r: '{{alarm.region}}',
          name: '{{alarm.resourceName}}-copy-{{message.id}}',
          list: ['{{alarm.state}}'],
        },
        n,
      ),
      {
        r: 'eu-west-2',
        name: 'web-1-copy-m-1',
        list: ['ALARM'],
      },
    );
    assert.throws(() => render('{{alarm.nothing}}', n), /the notification has no alarm\.nothing/);
  });

  it('refuses a trigger file with a reserved trigger name or a JSON syntax error, naming the field or the line and column', () => {
    const dir = mkdtempSync(join(tmpdir(), 'triggers-'));
    const trigger = { secret: 'a-secret-of-16-chars', start: { procedure: 'copy-snapshot', input: {} } };
    writeFileSync(join(dir, 'proto.json'), `{"triggers": {"__proto__": ${JSON.stringify(trigger)}}}`);
    assert.throws(
      () => loadTriggers(join(dir, 'proto.json')),
      /triggers\.__proto__: is not allowed as a key/,
    );
    writeFileSync(join(dir, 'broken.json'), '{\n  "triggers": {\n    "t": {,}\n  }\n}');
    assert.throws(
      () => loadTriggers(join(dir, 'broken.json')),
      /broken\.json as JSON: line 3, column 11: expected a property name in double quotes/,
    );
  });

  it('refuses a trigger file naming the bad field, and loads the README example', () => {
    const dir = mkdtempSync(join(tmpdir(), 'triggers-'));
    writeFileSync(
      join(dir, 'bad.json'),
      JSON.stringify({ triggers: { t: { secret: 'short', start: { procedure: 'x', input: {} } } } }),
    );
    assert.throws(
      () => loadTriggers(join(dir, 'bad.json')),
      /triggers\.t\.secret: must be at least 16 characters/,
    );
    const example = loadTriggers(join(__dirname, '..', '..', 'examples', 'triggers.json'));
    assert.deepEqual(Object.keys(example), ['alarm-dr-copy', 'approve-release']);
  });
});
