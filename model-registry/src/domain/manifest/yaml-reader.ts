// Typed readers over the YAML syntax tree. Each reader validates one node, records every problem
// with its source position and returns undefined for a bad value, so one pass reports all errors.
import { isMap, isScalar, isSeq, type LineCounter, type Node, type Pair, Scalar } from 'yaml';
import { closestMatch } from './did-you-mean.ts';
import { type FieldPath, formatPath, type ManifestIssue } from './issues.ts';

export class ReadContext {
  readonly issues: ManifestIssue[] = [];
  constructor(
    readonly file: string,
    private readonly lines: LineCounter,
  ) {}

  report(node: Node | null | undefined, path: FieldPath, message: string): void {
    // Every node parsed from text has its range; no node at all is the empty document.
    this.reportAt(node ? node.range![0] : 0, path, message);
  }

  reportAt(offset: number, path: FieldPath, message: string): void {
    const { line, col } = this.lines.linePos(offset);
    this.issues.push({ file: this.file, line, column: col, path: formatPath(path), message });
  }
}

export type Reader<T> = (node: Node | null | undefined, path: FieldPath, ctx: ReadContext) => T | undefined;

/** What was written, for "expected X, got Y": a quoted string, `number 5`, `a list`, `nothing`... */
export function describeNode(node: Node | null | undefined): string {
  if (!node) return 'nothing';
  if (isMap(node)) return 'a mapping';
  if (isSeq(node)) return 'a list';
  if (isScalar(node)) {
    const value = node.value;
    if (value === null) return 'null';
    return typeof value === 'string' ? `"${value}"` : `${typeof value} ${String(value)}`;
  }
  return 'an alias';
}

export function scalar<T>(expected: string, convert: (value: unknown) => T | undefined): Reader<T> {
  return (node, path, ctx) => {
    const value = isScalar(node) ? convert(node.value) : undefined;
    if (value === undefined) ctx.report(node, path, `expected ${expected}, got ${describeNode(node)}`);
    return value;
  };
}

export const text = (expected = 'a string', pattern?: RegExp): Reader<string> =>
  scalar(expected, (v) => (typeof v === 'string' && v.length > 0 && (!pattern || pattern.test(v)) ? v : undefined));

export const isInteger = (v: unknown): v is number => Number.isInteger(v);

export const integer = (min: number, max = Number.MAX_SAFE_INTEGER): Reader<number> =>
  scalar(`an integer from ${min} to ${max}`, (v) => (isInteger(v) && v >= min && v <= max ? v : undefined));

/** Bounds are finite, so NaN and the infinities fall outside them. */
export const decimal = (min: number, max: number): Reader<number> =>
  scalar(`a number from ${min} to ${max}`, (v) => (typeof v === 'number' && v >= min && v <= max ? v : undefined));

export function oneOf<T extends string>(values: readonly T[]): Reader<T> {
  return (node, path, ctx) => {
    const value = isScalar(node) ? node.value : undefined;
    if ((values as readonly unknown[]).includes(value)) return value as T;
    const hint = typeof value === 'string' ? closestMatch(value, values) : undefined;
    const suggestion = hint ? ` (did you mean "${hint}"?)` : '';
    ctx.report(node, path, `expected one of ${values.join(' | ')}, got ${describeNode(node)}${suggestion}`);
    return undefined;
  };
}

export function list<T>(item: Reader<T>, minItems = 0): Reader<T[]> {
  return (node, path, ctx) => {
    if (!isSeq(node)) {
      ctx.report(node, path, `expected a list, got ${describeNode(node)}`);
      return undefined;
    }
    if (node.items.length < minItems) ctx.report(node, path, `needs at least ${minItems} item(s)`);
    const values: T[] = [];
    let ok = true;
    node.items.forEach((child, index) => {
      const value = item(child as Node, [...path, index], ctx);
      if (value === undefined) ok = false;
      else values.push(value);
    });
    return ok ? values : undefined;
  };
}

export interface FieldSpec<T> {
  readonly read: Reader<T>;
  readonly required?: boolean;
}

type Fields = Record<string, FieldSpec<unknown>>;
export type Parsed<F extends Fields> = { [K in keyof F]?: F[K] extends FieldSpec<infer T> ? T : never };

/** Result of reading a mapping: the fields that were valid, and whether all of them were. */
export interface ObjectRead<F extends Fields> {
  readonly value: Parsed<F>;
  readonly ok: boolean;
  readonly node: Node;
  /** Source node of each key that was present, for cross-field errors. */
  readonly nodes: Partial<Record<keyof F, Node>>;
}

export function object<F extends Fields>(fields: F): Reader<ObjectRead<F>> {
  const known = Object.keys(fields);
  return (node, path, ctx) => {
    if (!isMap(node)) {
      ctx.report(node, path, `expected a mapping, got ${describeNode(node)}`);
      return undefined;
    }
    const value: Record<string, unknown> = {};
    const nodes: Record<string, Node> = {};
    let ok = true;
    for (const pair of node.items as Pair<Node, Node>[]) {
      const key = isScalar(pair.key) ? String(pair.key.value) : undefined;
      // hasOwn: keys like "__proto__" or "constructor" must read as unknown, not as Object members.
      const spec = key !== undefined && Object.hasOwn(fields, key) ? fields[key] : undefined;
      if (key === undefined || !spec) {
        const hint = key === undefined ? undefined : closestMatch(key, known);
        const suggestion = hint ? ` (did you mean "${hint}"?)` : ` (allowed: ${known.join(', ')})`;
        ctx.report(pair.key, [...path, key ?? '?'], `unknown key${suggestion}`);
        ok = false;
        continue;
      }
      // `{ min }` or `? min` has no value node: it reads as null, written where the key is.
      const valueNode = pair.value ?? nullAt(pair.key);
      nodes[key] = valueNode;
      const parsed = spec.read(valueNode, [...path, key], ctx);
      if (parsed === undefined) ok = false;
      else value[key] = parsed;
    }
    for (const [key, spec] of Object.entries(fields)) {
      if (spec.required && !(key in nodes)) {
        ctx.report(node, [...path, key], 'is required');
        ok = false;
      }
    }
    return { value: value as Parsed<F>, ok, node, nodes: nodes as Partial<Record<keyof F, Node>> };
  };
}

function nullAt(key: Node): Node {
  const node = new Scalar(null);
  node.range = key.range;
  return node;
}
