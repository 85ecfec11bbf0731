import type { z } from 'zod';
import { LIGHTSAIL_REGIONS } from '../lightsail-facts';
import * as procedures from '../procedures';
import { safeParseInput } from '../schemas/parse-input';
import {
  compileExpression,
  ExpressionError,
  hasExpression,
  stepReferences,
  templateExpressions,
  withPlaceholders,
} from './expressions';
import {
  RUNBOOK_MAX_BYTES,
  RunbookHeader,
  STEP_KINDS,
  STEP_SCHEMAS,
  type Runbook,
  type Step,
  type StepKind,
} from './format';
import { checkParams, isAction, similarActions } from './service-model';
import { readRunbookSource, type RunbookSource } from './source';

/**
 * Checks a runbook before anything runs: its syntax, its shape, each call's action and
 * parameters against today's Lightsail model, every expression, every reference to a step, and
 * its size. Every problem is reported, each with its path in the document and its line.
 * Pure: the CLI, the API and the workflow all check with it.
 */
export interface RunbookIssue {
  path: (string | number)[];
  line?: number;
  message: string;
}

export interface ValidatedRunbook {
  runbook?: Runbook;
  issues: RunbookIssue[];
}

type Path = (string | number)[];

export function validateRunbook(text: string): ValidatedRunbook {
  const bytes = utf8Length(text);
  if (bytes > RUNBOOK_MAX_BYTES) {
    return {
      issues: [
        {
          path: [],
          message: `the runbook is ${bytes} bytes; the limit is ${RUNBOOK_MAX_BYTES} bytes (it travels whole in the run's input, which Temporal keeps small)`,
        },
      ],
    };
  }
  const source = readRunbookSource(text);
  if (source.value === undefined) {
    const issues = source.syntaxErrors.map((e) => ({
      path: [],
      line: e.line,
      message: `not valid YAML or JSON: ${e.message}`,
    }));
    return { issues: issues.length > 0 ? issues : [{ path: [], line: 1, message: 'the runbook is empty' }] };
  }
  return new Checker(source).check();
}

class Checker {
  private readonly issues: RunbookIssue[] = [];
  /** Every step id, with where it is and what it reads. */
  private readonly ids = new Map<string, { path: Path; reads: Set<string>; forEach?: string }>();

  constructor(private readonly source: RunbookSource) {}

  check(): ValidatedRunbook {
    const header = RunbookHeader.safeParse(this.source.value);
    if (!header.success) {
      this.zodIssues([], header.error);
      return { issues: this.sorted() };
    }
    const steps = this.steps(header.data.steps, ['steps'], undefined);
    const runbook: Runbook = { ...header.data, steps };
    this.parameters(runbook);
    this.regionOf(runbook.region, ['region']);
    this.references(runbook.steps, new Set());
    this.outputs(runbook);
    this.cycles();
    const issues = this.sorted();
    return issues.length > 0 ? { issues } : { runbook, issues };
  }

  private add(path: Path, message: string): void {
    this.issues.push({ path, line: this.source.lineOf(path), message });
  }

  private zodIssues(base: Path, error: z.ZodError): void {
    for (const issue of error.issues) this.add([...base, ...(issue.path as Path)], issue.message);
  }

  private sorted(): RunbookIssue[] {
    return [...this.issues].sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
  }

  private steps(raw: unknown[], base: Path, forEach: string | undefined): Step[] {
    const out: Step[] = [];
    raw.forEach((value, i) => {
      const step = this.step(value, [...base, i], forEach);
      if (step) out.push(step);
    });
    return out;
  }

  private step(value: unknown, path: Path, forEach: string | undefined): Step | undefined {
    if (!value || typeof value !== 'object' || Array.isArray(value)) {
      this.add(path, `a step is an object with an id and one of ${STEP_KINDS.join(', ')}`);
      return undefined;
    }
    const kinds = STEP_KINDS.filter((k) => k in value);
    if (kinds.length !== 1) {
      this.add(
        path,
        kinds.length === 0
          ? `a step needs one of ${STEP_KINDS.join(', ')}`
          : `a step is one kind of step; this one has ${kinds.join(' and ')}`,
      );
      return undefined;
    }
    const kind: StepKind = kinds[0]!;
    const parsed = STEP_SCHEMAS[kind].safeParse(value);
    if (!parsed.success) {
      this.zodIssues(path, parsed.error);
      return undefined;
    }
    const step = { kind, ...parsed.data } as Step;
    if (this.ids.has(step.id)) {
      this.add(
        [...path, 'id'],
        `step id "${step.id}" is used twice (also at ${pathText(this.ids.get(step.id)!.path)})`,
      );
    } else {
      this.ids.set(step.id, { path, reads: new Set(), forEach });
    }
    this.expressions(step, path);
    switch (step.kind) {
      case 'call':
        this.call(step.call, step.params, path);
        this.regionOf(step.region, [...path, 'region']);
        if (step.undo) {
          this.call(step.undo.call, step.undo.params, [...path, 'undo']);
          this.regionOf(step.undo.region, [...path, 'undo', 'region']);
        }
        break;
      case 'waitFor':
        this.call(step.waitFor, step.params, path, 'waitFor');
        this.regionOf(step.region, [...path, 'region']);
        this.bare(step.until, [...path, 'until']);
        break;
      case 'forEach':
        this.bare(step.forEach, [...path, 'forEach']);
        step.steps = this.steps(step.steps, [...path, 'steps'], step.id);
        break;
      case 'procedure':
        this.procedure(step.procedure, step.input, path);
        break;
      default:
        break;
    }
    return step;
  }

  /** An action and its parameters, checked against the model. */
  private call(action: string, params: Record<string, unknown>, path: Path, key = 'call'): void {
    if (!isAction(action)) {
      const near = similarActions(action);
      this.add(
        [...path, key],
        `"${action}" is not a Lightsail action${near.length ? ` (did you mean ${near.join(', ')}?)` : ''}`,
      );
      return;
    }
    for (const issue of checkParams(action, params, hasExpression)) {
      this.add([...path, 'params', ...issue.path], `${action}: ${issue.message}`);
    }
    const tags = params.tags;
    if (
      Array.isArray(tags) &&
      tags.some(
        (t) =>
          typeof (t as { key?: unknown })?.key === 'string' &&
          (t as { key: string }).key.startsWith('lightsail-flows:'),
      )
    ) {
      this.add(
        [...path, 'params', 'tags'],
        'tag keys starting with "lightsail-flows:" are the tool\'s own: it tags what a run makes',
      );
    }
  }

  private regionOf(region: string | undefined, path: Path): void {
    if (region === undefined || hasExpression(region)) return;
    if (!(LIGHTSAIL_REGIONS as readonly string[]).includes(region)) {
      this.add(path, `must be a Lightsail region (${LIGHTSAIL_REGIONS.join(', ')}), got "${region}"`);
    }
  }

  /** A bare expression parses once its ${{ }} parts (checked with the step's values) are placeholders. */
  private bare(expression: string, path: Path): void {
    try {
      compileExpression(withPlaceholders(expression));
    } catch (err) {
      if (err instanceof ExpressionError) this.add(path, err.message);
      else throw err;
    }
  }

  private procedure(name: string, input: Record<string, unknown>, path: Path): void {
    const procedure = procedures.findProcedure(name);
    if (!procedure || procedure.workflowType === RUN_RUNBOOK) {
      this.add(
        [...path, 'procedure'],
        `"${name}" is not a built-in procedure (${Object.keys(procedures.PROCEDURES)
          .filter((p) => p !== 'runbook')
          .join(', ')})`,
      );
      return;
    }
    if (hasExpression(input)) return;
    const parsed = safeParseInput(procedure.schema, input);
    if (!parsed.success) this.zodIssues([...path, 'input'], parsed.error);
  }

  /** Every ${{ }} in the step's values parses; what it reads is noted for the reference check. */
  private expressions(step: Step, path: Path): void {
    // A forEach's own steps are checked as steps, each reading for itself.
    const values: Record<string, unknown> = { ...step };
    delete values.id;
    delete values.kind;
    if (step.kind === 'forEach') delete values.steps;
    for (const found of templateExpressions(values)) {
      try {
        for (const ref of stepReferences(found.expression)) this.ids.get(step.id)?.reads.add(ref);
      } catch (err) {
        if (err instanceof ExpressionError) this.add([...path, ...found.path], err.message);
        else throw err;
      }
    }
    const bare = step.kind === 'forEach' ? step.forEach : step.kind === 'waitFor' ? step.until : undefined;
    if (bare !== undefined) {
      try {
        for (const ref of stepReferences(withPlaceholders(bare))) this.ids.get(step.id)?.reads.add(ref);
      } catch {
        // Reported by bare().
      }
    }
  }

  /**
   * Each step reads only the steps before it (and, inside a forEach, the item's steps before it
   * and the steps before the forEach); its undo may read the step itself.
   */
  private references(steps: Step[], visible: Set<string>): void {
    const seen = new Set(visible);
    for (const step of steps) {
      const entry = this.ids.get(step.id);
      for (const ref of entry?.reads ?? []) {
        if (seen.has(ref)) continue;
        if (ref === step.id && step.kind === 'call' && step.undo && readsOnlyInUndo(step, ref)) continue;
        this.referenceIssue(step.id, ref, entry!.path);
      }
      if (step.kind === 'forEach') this.references(step.steps, new Set(seen));
      seen.add(step.id);
    }
  }

  private referenceIssue(from: string, ref: string, path: Path): void {
    const target = this.ids.get(ref);
    if (!target) {
      this.add(path, `step "${from}" reads steps.${ref}, but there is no step "${ref}"`);
    } else if (target.forEach && !this.inside(from, target.forEach)) {
      this.add(
        path,
        `step "${from}" reads steps.${ref}, which runs once per item inside forEach "${target.forEach}": read steps.${target.forEach}[].steps.${ref}`,
      );
    } else if (!this.inCycle(from)) {
      this.add(
        path,
        `step "${from}" reads steps.${ref}, which runs later (at ${pathText(target.path)}): a step reads only the answers of steps before it`,
      );
    }
  }

  private inside(id: string, forEach: string): boolean {
    for (let at = this.ids.get(id)?.forEach; at; at = this.ids.get(at)?.forEach)
      if (at === forEach) return true;
    return false;
  }

  private outputs(runbook: Runbook): void {
    const top = new Set(runbook.steps.map((s) => s.id));
    for (const found of templateExpressions(runbook.outputs)) {
      const path: Path = ['outputs', ...found.path];
      try {
        for (const ref of stepReferences(found.expression)) {
          if (top.has(ref)) continue;
          const inner = this.ids.get(ref)?.forEach;
          this.add(
            path,
            inner
              ? `outputs read steps.${ref}, which runs inside forEach "${inner}": read steps.${inner}[].steps.${ref}`
              : `outputs read steps.${ref}, but there is no step "${ref}"`,
          );
        }
      } catch (err) {
        if (err instanceof ExpressionError) this.add(path, err.message);
        else throw err;
      }
    }
  }

  /** Steps that read each other's answers, directly or round a loop: reported once per loop. */
  private cycles(): void {
    const reported = new Set<string>();
    for (const start of this.ids.keys()) {
      const loop = this.loopFrom(start);
      if (!loop || loop.some((id) => reported.has(id))) continue;
      loop.forEach((id) => reported.add(id));
      this.add(
        this.ids.get(start)!.path,
        `steps ${[...loop, loop[0]].join(' → ')} form a cycle: each reads the next one's answer, so none can run first`,
      );
    }
  }

  private inCycle(id: string): boolean {
    return this.loopFrom(id) !== undefined;
  }

  private loopFrom(start: string): string[] | undefined {
    const walk = (id: string, trail: string[]): string[] | undefined => {
      for (const next of this.ids.get(id)?.reads ?? []) {
        if (next === start && !(trail.length === 1 && next === id)) return trail;
        if (trail.includes(next) || !this.ids.has(next)) continue;
        const found = walk(next, [...trail, next]);
        if (found) return found;
      }
      return undefined;
    };
    return walk(start, [start]);
  }

  private parameters(runbook: Runbook): void {
    for (const [name, p] of Object.entries(runbook.parameters)) {
      if (p.default === undefined) continue;
      const problem = parameterProblem(p, p.default);
      if (problem) this.add(['parameters', name, 'default'], problem);
    }
  }
}

const RUN_RUNBOOK = 'runRunbook';

/** Whether a call step reads itself only from its undo (allowed: the undo runs after it). */
function readsOnlyInUndo(step: Step & { kind: 'call' }, ref: string): boolean {
  const rest: Record<string, unknown> = { ...step };
  delete rest.undo;
  return !templateExpressions(rest).some((e) => {
    try {
      return stepReferences(e.expression).includes(ref);
    } catch {
      return false;
    }
  });
}

/** Why a value does not fit a parameter's declaration, or undefined when it does. */
export function parameterProblem(p: { type: string; enum?: unknown[] }, value: unknown): string | undefined {
  const ok: Record<string, (v: unknown) => boolean> = {
    string: (v) => typeof v === 'string',
    number: (v) => typeof v === 'number' && Number.isFinite(v),
    integer: (v) => Number.isInteger(v),
    boolean: (v) => typeof v === 'boolean',
    list: Array.isArray,
    object: (v) => typeof v === 'object' && v !== null && !Array.isArray(v),
  };
  if (!ok[p.type]!(value))
    return `must be ${p.type === 'integer' ? 'an' : 'a'} ${p.type}, got ${JSON.stringify(value)}`;
  if (p.enum && !p.enum.some((e) => JSON.stringify(e) === JSON.stringify(value))) {
    return `must be one of ${p.enum.map((e) => JSON.stringify(e)).join(', ')}, got ${JSON.stringify(value)}`;
  }
  return undefined;
}

/** `steps[2].params.instanceName`, as people read a path. */
export function pathText(path: readonly (string | number)[]): string {
  if (path.length === 0) return '(runbook)';
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i === 0 ? '' : '.'}${p}`)).join('');
}

/** One line an issue: `steps[2].params.instanceName (line 14): ...`. */
export function formatRunbookIssues(issues: readonly RunbookIssue[], prefix = ''): string {
  return issues
    .map(
      (i) => `${prefix}${pathText(i.path)}${i.line !== undefined ? ` (line ${i.line})` : ''}: ${i.message}`,
    )
    .join('\n');
}

/** UTF-8 bytes without TextEncoder, which the workflow sandbox need not have. */
function utf8Length(text: string): number {
  let n = 0;
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    n += c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
  }
  return n;
}
