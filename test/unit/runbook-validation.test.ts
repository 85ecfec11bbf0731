import assert from 'node:assert/strict';
import { RUNBOOK_MAX_BYTES } from '../../src/runbooks/format';
import { resolveParameters } from '../../src/runbooks/params';
import { pathText, validateRunbook } from '../../src/runbooks/validate';
import { safeParseInput } from '../../src/schemas/parse-input';
import { RunbookInput } from '../../src/schemas/runbook';

/** A runbook whose steps are the given YAML, indented under `steps:` (line 4 is the first step). */
const withSteps = (steps: string) => `runbook: t\nregion: us-east-1\nsteps:\n${steps}`;

interface Row {
  case: string;
  text: string;
  path: string;
  line: number;
  message: RegExp;
}

/** One row per kind of bad input: refused before anything runs, with its path and line. */
const TABLE: Row[] = [
  {
    case: 'an unknown action',
    text: withSteps('  - id: a\n    call: RebootInstances\n'),
    path: 'steps[0].call',
    line: 5,
    message: /"RebootInstances" is not a Lightsail action \(did you mean RebootInstance\?\)/,
  },
  {
    case: 'a parameter the model does not have',
    text: withSteps(
      '  - id: a\n    call: RebootInstance\n    params: { instanceName: web-1, force: true }\n',
    ),
    path: 'steps[0].params.force',
    line: 6,
    message: /RebootInstance: is not a parameter of RebootInstanceRequest \(it has instanceName\)/,
  },
  {
    case: 'a wrong type',
    text: withSteps(
      '  - id: a\n    call: CreateDisk\n    params:\n      diskName: d\n      availabilityZone: us-east-1a\n      sizeInGb: "64"\n',
    ),
    path: 'steps[0].params.sizeInGb',
    line: 9,
    message: /must be an integer \(integer\), got "64"/,
  },
  {
    case: 'a missing required member',
    text: withSteps('  - id: a\n    call: CreateDisk\n    params:\n      diskName: d\n      sizeInGb: 64\n'),
    path: 'steps[0].params.availabilityZone',
    line: 6,
    message: /is required by CreateDiskRequest/,
  },
  {
    case: 'a value outside the enum',
    text: withSteps(
      '  - id: a\n    call: GetInstanceMetricData\n    params:\n      instanceName: w\n      metricName: Heat\n      period: 60\n      startTime: 0\n      endTime: 1\n      unit: Percent\n      statistics: [Average]\n',
    ),
    path: 'steps[0].params.metricName',
    line: 8,
    message: /must be one of CPUUtilization, .*got "Heat"/,
  },
  {
    case: 'a missing member inside a structure of a list',
    text: withSteps(
      '  - id: a\n    call: CreateDomainEntry\n    params:\n      domainName: example.com\n      domainEntry: { name: www, typo: A }\n',
    ),
    path: 'steps[0].params.domainEntry.typo',
    line: 8,
    message: /is not a parameter of DomainEntry/,
  },
  {
    case: 'a reference to a step that does not exist',
    text: withSteps(
      '  - id: a\n    call: RebootInstance\n    params: { instanceName: "${{ steps.nope.x }}" }\n',
    ),
    path: 'steps[0]',
    line: 4,
    message: /step "a" reads steps.nope, but there is no step "nope"/,
  },
  {
    case: 'a reference to a later step',
    text: withSteps(
      '  - id: a\n    call: RebootInstance\n    params: { instanceName: "${{ steps.b.x }}" }\n  - id: b\n    sleep: 1s\n',
    ),
    path: 'steps[0]',
    line: 4,
    message: /reads steps.b, which runs later \(at steps\[1\]\)/,
  },
  {
    case: 'a cycle',
    text: withSteps('  - id: a\n    fail: "${{ steps.b.x }}"\n  - id: b\n    fail: "${{ steps.a.x }}"\n'),
    path: 'steps[0]',
    line: 4,
    message: /steps a → b → a form a cycle/,
  },
  {
    case: 'an expression that does not parse',
    text: withSteps('  - id: a\n    fail: "${{ params.[ }}"\n'),
    path: 'steps[0].fail',
    line: 5,
    message: /the expression "params.\[" does not parse/,
  },
  {
    case: 'a condition that does not parse',
    text: withSteps(
      '  - id: a\n    waitFor: GetInstance\n    params: { instanceName: w }\n    until: "state.name =="\n    timeout: 1h\n',
    ),
    path: 'steps[0].until',
    line: 7,
    message: /does not parse/,
  },
  {
    case: 'a waitFor on an action that is not a Get*',
    text: withSteps('  - id: a\n    waitFor: RebootInstance\n    until: "x"\n    timeout: 1h\n'),
    path: 'steps[0].waitFor',
    line: 5,
    message: /must be a Get\* action/,
  },
  {
    case: 'a step with two kinds',
    text: withSteps('  - id: a\n    sleep: 1s\n    fail: no\n'),
    path: 'steps[0]',
    line: 4,
    message: /a step is one kind of step; this one has sleep and fail/,
  },
  {
    case: 'an id used twice',
    text: withSteps('  - id: a\n    sleep: 1s\n  - id: a\n    sleep: 2s\n'),
    path: 'steps[1].id',
    line: 6,
    message: /step id "a" is used twice \(also at steps\[0\]\)/,
  },
  {
    case: 'a region that is not a Lightsail region',
    text: withSteps('  - id: a\n    call: GetInstances\n    region: mars-1\n'),
    path: 'steps[0].region',
    line: 6,
    message: /must be a Lightsail region/,
  },
  {
    case: "a tag key of the tool's own",
    text: withSteps(
      '  - id: a\n    call: TagResource\n    params:\n      resourceName: w\n      tags: [{ key: "lightsail-flows:run", value: x }]\n',
    ),
    path: 'steps[0].params.tags',
    line: 8,
    message: /the tool's own/,
  },
  {
    case: 'a step inside a forEach read from outside it',
    text: withSteps(
      '  - id: each\n    forEach: "`[1]`"\n    steps:\n      - id: inner\n        sleep: 1s\n  - id: after\n    fail: "${{ steps.inner }}"\n',
    ),
    path: 'steps[1]',
    line: 9,
    message: /runs once per item inside forEach "each": read steps.each\[\].steps.inner/,
  },
  {
    case: 'an unknown procedure',
    text: withSteps('  - id: a\n    procedure: copy-everything\n'),
    path: 'steps[0].procedure',
    line: 5,
    message: /"copy-everything" is not a built-in procedure/,
  },
  {
    case: "a procedure's bad input",
    text: withSteps('  - id: a\n    procedure: copy-snapshot\n    input: { sourceRegion: mars-1 }\n'),
    path: 'steps[0].input.sourceRegion',
    line: 6,
    message: /must be a Lightsail region/,
  },
  {
    case: "a parameter's default of the wrong type",
    text: 'runbook: t\nparameters:\n  count: { type: integer, default: many }\nsteps:\n  - id: a\n    sleep: 1s\n',
    path: 'parameters.count.default',
    line: 3,
    message: /must be an integer, got "many"/,
  },
  {
    case: 'a field the format does not have',
    text: withSteps('  - id: a\n    sleep: 1s\n    retries: 3\n'),
    path: 'steps[0]',
    line: 4,
    message: /Unrecognized key: "retries"/,
  },
  {
    case: 'text that is not YAML',
    text: 'runbook: t\nsteps: [\n',
    path: '(runbook)',
    line: 3,
    message: /not valid YAML or JSON/,
  },
  {
    case: 'a runbook larger than the payload limit',
    text: `runbook: t\n# ${'x'.repeat(RUNBOOK_MAX_BYTES)}\nsteps:\n  - id: a\n    sleep: 1s\n`,
    path: '(runbook)',
    line: -1,
    message: new RegExp(`the limit is ${RUNBOOK_MAX_BYTES} bytes`),
  },
];

describe('Runbook validation: every bad input refused with its path and line, before anything runs', () => {
  for (const row of TABLE) {
    it(`refuses ${row.case}`, () => {
      const { runbook, issues } = validateRunbook(row.text);
      assert.equal(runbook, undefined);
      const found = issues.find((i) => pathText(i.path) === row.path && row.message.test(i.message));
      assert.ok(
        found,
        `no issue at ${row.path} matching ${row.message}; got:\n${JSON.stringify(issues, null, 2)}`,
      );
      if (row.line > 0) assert.equal(found.line, row.line);
    });
  }

  it('reports every problem of a runbook at once, in the order of its lines', () => {
    const { issues } = validateRunbook(
      withSteps('  - id: a\n    call: Nope\n  - id: b\n    call: RebootInstance\n    params: {}\n'),
    );
    assert.deepEqual(
      issues.map((i) => [pathText(i.path), i.line]),
      [
        ['steps[0].call', 5],
        ['steps[1].params.instanceName', 8],
      ],
    );
  });

  it('takes JSON as well as YAML, with lines', () => {
    const json = JSON.stringify(
      { runbook: 't', region: 'us-east-1', steps: [{ id: 'a', call: 'Nope' }] },
      null,
      2,
    );
    const { issues } = validateRunbook(json);
    assert.deepEqual(
      issues.map((i) => [pathText(i.path), i.line]),
      [['steps[0].call', 7]],
    );
  });

  it('accepts the fleet-patching runbook of the README, expressions and all', () => {
    const text = withSteps(
      [
        '  - id: fleet',
        '    call: GetInstances',
        '  - id: each',
        '    forEach: "steps.fleet.instances[?tags[?value == ${{ params.env }}]].name"',
        '    steps:',
        '      - id: snap',
        '        call: CreateInstanceSnapshot',
        '        params: { instanceName: "${{ item }}", instanceSnapshotName: "${{ item }}-pre" }',
        '        undo: { call: DeleteInstanceSnapshot, params: { instanceSnapshotName: "${{ step.params.instanceSnapshotName }}" } }',
        'outputs:',
        '  snapshots: ${{ steps.each[].steps.snap.operations[0].resourceName }}',
        'parameters:',
        '  env: { default: prod }',
        '',
      ].join('\n'),
    );
    const { runbook, issues } = validateRunbook(text);
    assert.deepEqual(issues, []);
    assert.deepEqual(
      runbook?.steps.map((s) => s.id),
      ['fleet', 'each'],
    );
  });
});

describe("A runbook run's input", () => {
  const text =
    'runbook: t\nparameters:\n  count: { type: integer }\n  env: { default: prod }\nsteps:\n  - id: a\n    sleep: 1s\n';

  it('refuses a missing parameter, an unknown one and a wrong type, naming each', () => {
    const parsed = safeParseInput(RunbookInput, { runbook: { text }, params: { colour: 'x' } });
    assert.ok(!parsed.success);
    assert.deepEqual(
      parsed.error.issues.map((i) => [i.path.join('.'), i.message]),
      [
        ['params.colour', 'the runbook has no parameter "colour" (it has count, env)'],
        ['params.count', 'is required: the runbook gives it no default'],
      ],
    );
  });

  it('reads parameters typed as text by their declared type, with defaults for the rest', () => {
    const runbook = validateRunbook(text).runbook!;
    assert.deepEqual(resolveParameters(runbook, { count: '3' }).params, { count: 3, env: 'prod' });
  });

  it('refuses a text that does not match the hash it came with', () => {
    const parsed = safeParseInput(RunbookInput, {
      runbook: { text, sha256: '0'.repeat(64) },
      params: { count: 1 },
    });
    assert.ok(!parsed.success);
    assert.deepEqual(
      parsed.error.issues.map((i) => [i.path.join('.'), i.message]),
      [['runbook.sha256', 'does not match the runbook text']],
    );
  });
});
