import * as jmespath from 'jmespath';

/** jmespath.js parses with `compile`, which its typings leave out. */
const parser = jmespath as unknown as { compile(expression: string): unknown };

/**
 * Expressions in runbooks: JMESPath (what the AWS CLI's --query speaks), written `${{ expr }}`
 * inside values (the `$` keeps YAML from reading the braces as a map) and bare in conditions and
 * forEach lists. Pure: the workflow evaluates them, so a replay computes the same values.
 */

const TEMPLATE = /\$\{\{([\s\S]*?)\}\}/g;
const WHOLE = /^\s*\$\{\{([\s\S]*?)\}\}\s*$/;

/** What an expression reads: the parameters, earlier steps' answers, the forEach item, the run. */
export interface Scope {
  params: Record<string, unknown>;
  steps: Record<string, unknown>;
  item?: unknown;
  index?: number;
  run: { id: string; suffix: string };
  /** In an undo: what the step sent and what it got back. */
  step?: { params: unknown; answer: unknown };
}

export class ExpressionError extends Error {
  override name = 'ExpressionError';
}

/** Every `${{ }}` expression in a value, with the path below the value where it sits. */
export function templateExpressions(
  value: unknown,
  path: (string | number)[] = [],
): { path: (string | number)[]; expression: string }[] {
  if (typeof value === 'string') {
    return [...value.matchAll(TEMPLATE)].map((m) => ({ path, expression: m[1]!.trim() }));
  }
  if (Array.isArray(value)) return value.flatMap((v, i) => templateExpressions(v, [...path, i]));
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([k, v]) => templateExpressions(v, [...path, k]));
  }
  return [];
}

/** Whether a value holds an expression anywhere (so its type is known only when it runs). */
export function hasExpression(value: unknown): boolean {
  return templateExpressions(value).length > 0;
}

/** Parses a JMESPath expression; throws ExpressionError saying what does not parse. */
export function compileExpression(expression: string): unknown {
  try {
    return parser.compile(expression);
  } catch (err) {
    throw new ExpressionError(`the expression "${expression}" does not parse: ${(err as Error).message}`);
  }
}

interface AstNode {
  type: string;
  name?: string;
  children?: AstNode[];
  value?: AstNode;
}

/** Nodes whose first child is evaluated where the node is and the rest against its results. */
const LEFT_THEN_RELATIVE = new Set([
  'Subexpression',
  'Projection',
  'ValueProjection',
  'FilterProjection',
  'Pipe',
]);
const CHAINS = new Set([...LEFT_THEN_RELATIVE, 'IndexExpression', 'Flatten']);

/** The first field a chain reads: `g` in `g[*].x`. */
function leftmostField(node: AstNode | undefined): string | undefined {
  while (node && CHAINS.has(node.type)) node = node.children?.[0];
  return node?.type === 'Field' ? node.name : undefined;
}

/**
 * The step ids an expression reads (`steps.<id>...`), found in its syntax tree, not its text:
 * only where `steps` is read from the top of the scope, so neither a string literal nor
 * `steps.patch[].steps.snapshot` (a field of each item's answer) counts as a reference to a step.
 */
export function stepReferences(expression: string): string[] {
  const found = new Set<string>();
  const walk = (node: AstNode | undefined, atRoot: boolean) => {
    if (!node || typeof node !== 'object') return;
    const [first, second] = node.children ?? [];
    if (atRoot && node.type === 'Subexpression' && first?.type === 'Field' && first.name === 'steps') {
      const id = leftmostField(second);
      if (id !== undefined) found.add(id);
    }
    if (node.type === 'ExpressionReference') return;
    (node.children ?? []).forEach((child, i) =>
      walk(child, atRoot && (i === 0 || !LEFT_THEN_RELATIVE.has(node.type))),
    );
    if (node.value) walk(node.value, atRoot);
  };
  walk(compileExpression(expression) as AstNode, true);
  return [...found];
}

/**
 * A bare expression (a condition, a forEach list) with its `${{ }}` parts replaced by their
 * values as JMESPath literals: JMESPath cannot reach the parameters from inside a filter, so
 * `instances[?tags[?value == ${{ params.env }}]]` compares with the parameter's value.
 */
export function bindTemplates(expression: string, scope: Scope): string {
  return expression.replace(TEMPLATE, (_, expr: string) => literal(evaluate(expr.trim(), scope)));
}

/** The bare expression with each `${{ }}` as a placeholder literal: what must parse before it runs. */
export function withPlaceholders(expression: string): string {
  return expression.replace(TEMPLATE, '`null`');
}

function literal(value: unknown): string {
  return `\`${JSON.stringify(value ?? null).replace(/`/g, '\\`')}\``;
}

/** Evaluates a bare JMESPath expression. */
export function evaluate(expression: string, data: unknown): unknown {
  try {
    return jmespath.search(data, expression) as unknown;
  } catch (err) {
    throw new ExpressionError(`${expression}: ${(err as Error).message}`);
  }
}

/** Fills every `${{ }}` in a value (deeply) from the scope. */
export function resolveTemplates<T>(value: T, scope: Scope): T {
  return fill(value, scope) as T;
}

function fill(value: unknown, scope: Scope): unknown {
  if (typeof value === 'string') {
    const whole = WHOLE.exec(value);
    if (whole && !whole[1]!.includes('}}')) return evaluate(whole[1]!.trim(), scope);
    return value.replace(TEMPLATE, (_, expr: string) => asText(evaluate(expr.trim(), scope)));
  }
  if (Array.isArray(value)) return value.map((v) => fill(v, scope));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fill(v, scope)]));
  }
  return value;
}

function asText(value: unknown): string {
  if (value === null || value === undefined) return '';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** JMESPath's truth: false, null, empty strings, lists and objects are false. */
export function isTruthy(value: unknown): boolean {
  if (value === null || value === undefined || value === false || value === '') return false;
  if (Array.isArray(value)) return value.length > 0;
  if (typeof value === 'object') return Object.keys(value).length > 0;
  return true;
}
