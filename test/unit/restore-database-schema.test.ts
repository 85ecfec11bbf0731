import { strict as assert } from 'node:assert';
import { PROCEDURES } from '../../src/procedures';
import { restoreNames, restoreSteps } from '../../src/plan/steps/restore-database';
import { describeInput } from '../../src/runs/describe-input';
import { formatIssues } from '../../src/schemas/format-issues';
import { safeParseInput } from '../../src/schemas/parse-input';
import { RestoreDatabaseInput } from '../../src/schemas/restore-database';

const issues = (input: unknown) => {
  const parsed = safeParseInput(RestoreDatabaseInput, input);
  return parsed.success ? '' : formatIssues(parsed.error);
};
const base = { region: 'us-west-2', source: { type: 'point-in-time', databaseName: 'orders-db' } };
const scoped = (b: string, stamp: string) => `${b}-${stamp}-<run>`;

describe('restoreDatabase input, names and steps', () => {
  it('fills in the defaults: the source password, three TCP checks, no replacement', () => {
    const input = RestoreDatabaseInput.parse(base);
    assert.equal(input.masterPassword, undefined);
    assert.deepEqual(input.verification, { checks: 3, intervalSeconds: 5, timeoutSeconds: 5 });
    assert.equal(input.publiclyAccessible, false);
    assert.deepEqual(restoreNames(input, scoped), { target: 'orders-db-restored-<run>' });
  });

  it('refuses a password in the input, a replacement of the source itself, a name and a replacement at once', () => {
    assert.match(
      issues({ ...base, masterUserPassword: 'x' }),
      /masterUserPassword: a password is never taken/,
    );
    assert.match(
      issues({ ...base, masterPassword: { fromEnv: 'lower case' } }),
      /masterPassword\.fromEnv: must be an environment variable name/,
    );
    assert.match(
      issues({ ...base, replace: { databaseName: 'orders-db', old: 'keep' } }),
      /replace\.databaseName: must not be the source database/,
    );
    assert.match(
      issues({ ...base, targetName: 'x1', replace: { databaseName: 'st1', old: 'keep' } }),
      /targetName: give targetName or replace, not both/,
    );
    assert.match(issues({ ...base, replace: { databaseName: 'st1' } }), /replace\.old: required/);
    assert.match(
      issues({ ...base, availabilityZone: 'us-east-1a' }),
      /availabilityZone: must be a zone of region/,
    );
  });

  it('plans a swap that keeps the old database aside under run-scoped names', () => {
    const input = RestoreDatabaseInput.parse({
      ...base,
      replace: { databaseName: 'orders-db-staging', old: 'keep' },
      masterPassword: { fromEnv: 'STAGING_DB_PASSWORD' },
    });
    const names = restoreNames(input, scoped);
    assert.deepEqual(names, {
      target: 'orders-db-staging',
      finalSnapshot: 'orders-db-staging-replaced-<run>',
      aside: 'orders-db-staging-previous-<run>',
    });
    assert.deepEqual(
      restoreSteps(input, names).map((s) => s.id),
      ['check', 'aside', 'restore', 'password', 'verify', 'keep-old'],
    );
  });

  it('describes a run by names only: the password variable is not even in the description', () => {
    const p = PROCEDURES['restore-database']!;
    const d = describeInput(
      'restore-database',
      p.workflowType,
      p.schema.parse({
        ...base,
        replace: { databaseName: 'orders-db-staging', old: 'delete' },
        masterPassword: { fromEnv: 'PW' },
      }),
    );
    assert.equal(
      d.summary,
      'Restore database orders-db-staging in us-west-2 from orders-db at its latest restorable time',
    );
    assert.deepEqual(d.resources, ['orders-db', 'orders-db-staging']);
    assert.ok(!JSON.stringify(d).includes('PW'));
  });
});
