import { strict as assert } from 'node:assert';
import { PROCEDURES } from '../../src/procedures';
import { describeInput, type InputDescription } from '../../src/runs/describe-input';
import { activitySummary } from '../../workflows/support/activity-summaries';

/** Describes an input as a start does: after the procedure's schema filled in its defaults. */
function describe_(procedure: string, input: unknown): InputDescription & { text: string } {
  const p = PROCEDURES[procedure]!;
  const described = describeInput(procedure, p.workflowType, p.schema.parse(input));
  return { ...described, text: [described.summary, ...described.details].join('\n') };
}

describe('describeInput: what a run is, from its input', () => {
  it("names a copy's source, every target region and each change, in one line and a block", () => {
    const d = describe_('copy-snapshot', {
      sourceRegion: 'us-east-1',
      targetRegions: ['eu-west-1', 'ap-south-1'],
      source: { type: 'instance', instanceName: 'web-1' },
      tags: { purpose: 'dr' },
      restore: { instanceName: 'web-1-dr' },
      retention: { series: 'nightly', keep: 7 },
    });
    assert.equal(
      d.summary,
      'Copy a new snapshot of instance web-1 from us-east-1 to eu-west-1, ap-south-1, restore web-1-dr',
    );
    assert.equal(d.details[0], '**copy-snapshot** (copySnapshotAcrossRegions)');
    assert.match(d.text, /snapshots instance `web-1` in us-east-1/);
    assert.match(d.text, /tags the copies purpose=dr/);
    assert.match(d.text, /creates instance `web-1-dr` from the copy in each target region/);
    assert.match(d.text, /deletes snapshots of series `nightly` beyond the newest 7/);
    assert.deepEqual(d.regions, ['us-east-1', 'eu-west-1', 'ap-south-1']);
    assert.deepEqual(d.resources, ['web-1', 'web-1-dr']);
  });

  it("names both services and the distribution of a blue-green release, and the distribution's region", () => {
    const d = describe_('blue-green-deploy', {
      strategy: 'blue-green',
      region: 'eu-west-1',
      services: ['shop-blue', 'shop-green'],
      distributionName: 'shop-cdn',
      approval: { timeoutMinutes: 30 },
      deployment: {
        containers: { web: { image: 'nginx:1.27', ports: { '80': 'HTTP' } } },
        publicEndpoint: { containerName: 'web', containerPort: 80 },
      },
    });
    assert.equal(
      d.summary,
      'Release web=nginx:1.27 blue-green on shop-blue/shop-green behind distribution shop-cdn in eu-west-1',
    );
    assert.match(d.text, /waits up to 30 min for approval/);
    assert.deepEqual(d.regions, ['eu-west-1', 'us-east-1']);
    assert.deepEqual(d.resources, ['shop-blue', 'shop-green', 'shop-cdn']);
  });

  it("leaves out what may hold secrets: a container's environment and an export's user data", () => {
    const release = describe_('blue-green-deploy', {
      strategy: 'in-place',
      region: 'us-east-1',
      serviceName: 'shop',
      deployment: {
        containers: {
          web: { image: 'nginx:1.27', environment: { DB_PASSWORD: 'hunter2' }, ports: { '80': 'HTTP' } },
        },
        publicEndpoint: { containerName: 'web', containerPort: 80 },
      },
    });
    assert.equal(release.summary, 'Deploy web=nginx:1.27 to container service shop in us-east-1 (in place)');
    assert.doesNotMatch(release.text, /hunter2|DB_PASSWORD/);

    const exported = describe_('export-to-ec2', {
      region: 'us-east-1',
      source: { type: 'instanceSnapshot', snapshotName: 'web-1-base' },
      ec2: { instanceType: 't3.micro', userData: '#!/bin/sh\necho s3cret' },
    });
    assert.equal(
      exported.summary,
      'Export instance snapshot web-1-base in us-east-1 to an EC2 t3.micro instance in us-east-1a',
    );
    assert.doesNotMatch(exported.text, /s3cret/);
    assert.deepEqual(exported.resources, ['web-1-base']);
  });

  it('cuts a summary longer than 200 characters with an ellipsis', () => {
    const d = describe_('copy-snapshot', {
      sourceRegion: 'us-east-1',
      targetRegions: ['eu-west-1'],
      source: { type: 'manual', snapshotName: 'x'.repeat(250) },
    });
    assert.equal(d.summary.length, 200);
    assert.ok(d.summary.endsWith('…'));
  });
});

describe('activitySummary: one line per scheduled activity', () => {
  it('says what a call does from its input, and nothing for an unknown activity', () => {
    assert.equal(
      activitySummary('copySnapshot', {
        sourceRegion: 'us-east-1',
        targetRegion: 'eu-west-1',
        source: { type: 'manual', snapshotName: 'web-1-base' },
        targetSnapshotName: 'web-1-base-copy',
      }),
      'Copy snapshot web-1-base from us-east-1 to eu-west-1 as web-1-base-copy',
    );
    assert.equal(activitySummary('notAnActivity', { region: 'us-east-1' }), undefined);
  });

  it('answers no summary, rather than throwing, for an input it cannot read', () => {
    assert.equal(activitySummary('copySnapshot', { targetRegion: 'eu-west-1' }), undefined);
  });

  it('names a runbook, its hash and parameters (any passed into a sensitive member masked), its actions and its region', () => {
    const text = [
      'runbook: rotate-db',
      'region: ${{ params.region }}',
      'parameters:',
      '  region: { default: eu-west-1 }',
      '  password: {}',
      'steps:',
      '  - id: set',
      '    call: UpdateRelationalDatabase',
      '    params: { relationalDatabaseName: db, masterUserPassword: "${{ params.password }}" }',
      '',
    ].join('\n');
    const d = describe_('runbook', {
      runbook: { text, source: 'rotate.yaml' },
      params: { password: 's3cret' },
    });
    assert.equal(d.summary, 'Runbook rotate-db (region=eu-west-1, password=(sensitive))');
    assert.match(d.text, /\*\*Runbook\*\*: `rotate-db` from rotate.yaml, sha256 [0-9a-f]{12}/);
    assert.match(d.text, /\*\*Actions\*\*: UpdateRelationalDatabase/);
    assert.doesNotMatch(d.text, /s3cret/);
    assert.deepEqual(d.regions, ['eu-west-1']);
  });
});
