// Generators of hostile models.yaml text: random YAML-ish text, and a valid document put through a
// chain of structural (delete key, change type, swap values) and textual (truncate, insert garbage,
// drop/duplicate/re-indent lines) mutations.
import fc from 'fast-check';
import { parseDocument, stringify } from 'yaml';
import { VALID_MANIFEST } from './valid-manifest.ts';

const YAML_PIECES = [
  '\n',
  '\r\n',
  '\t',
  ' ',
  '  ',
  ': ',
  '- ',
  '? ',
  '{',
  '}',
  '[',
  ']',
  ',',
  '"',
  "'",
  '&a ',
  '*a',
  '*missing',
  '!!binary ',
  '!!int ',
  '!!map ',
  '!local ',
  '%YAML 1.2\n---\n',
  '---\n',
  '...\n',
  '# c',
  '|\n',
  '>-\n',
  '<<: *a',
  '\u0000',
  '\uFEFF',
  '\u2028',
  '~',
  'null',
  '.inf',
  '-.nan',
  '0x1F',
  '1e400',
  '-1',
  '1%',
  '-5m',
  '1.5h',
  'NaN',
  '99999999999999999999',
  'apiVersion',
  'mlrelease/v1',
  'endpoint',
  'models',
  'name',
  'version',
  'release',
  'steps',
  'weight',
  'bake',
  'strategy',
  'canary',
  'gates',
  'judge',
  'input',
  'shape',
  '__proto__',
  'constructor',
];

const garbage = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.string({ unit: 'binary', maxLength: 12 }),
  fc.array(fc.constantFrom(...YAML_PIECES), { minLength: 1, maxLength: 6 }).map((parts) => parts.join('')),
);

export const randomYaml: fc.Arbitrary<string> = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 300 }),
  fc.array(fc.constantFrom(...YAML_PIECES), { maxLength: 80 }).map((parts) => parts.join('')),
  fc.jsonValue({ maxDepth: 4 }).map((value) => stringify(value)),
  fc
    .record({
      apiVersion: fc.jsonValue(),
      endpoint: fc.jsonValue(),
      models: fc.array(fc.jsonValue(), { maxLength: 3 }),
    })
    .map((value) => stringify(value)),
);

type Mutation =
  | { readonly kind: 'delete'; readonly pick: number }
  | { readonly kind: 'retype'; readonly pick: number; readonly value: unknown }
  | { readonly kind: 'swap'; readonly a: number; readonly b: number }
  | { readonly kind: 'truncate'; readonly at: number }
  | { readonly kind: 'insert'; readonly at: number; readonly text: string }
  | { readonly kind: 'drop-line' | 'duplicate-line'; readonly line: number }
  | { readonly kind: 'indent'; readonly line: number; readonly by: number };

const anyValue = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }),
  fc.constantFrom('', null, -1, 0, 1.5, true, '1%', '30s', 'x'.repeat(300), [], {}),
);
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('delete' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('retype' as const), pick: fc.nat(), value: anyValue }),
  fc.record({ kind: fc.constant('swap' as const), a: fc.nat(), b: fc.nat() }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), text: garbage }),
  fc.record({ kind: fc.constantFrom('drop-line' as const, 'duplicate-line' as const), line: fc.nat() }),
  fc.record({ kind: fc.constant('indent' as const), line: fc.nat(), by: fc.integer({ min: -4, max: 4 }) }),
);

export const mutatedManifest: fc.Arbitrary<string> = fc
  .array(mutation, { minLength: 1, maxLength: 5 })
  .map((mutations) => mutations.reduce(applyMutation, VALID_MANIFEST));

export function applyMutation(text: string, m: Mutation): string {
  switch (m.kind) {
    case 'truncate':
      return text.slice(0, m.at % (text.length + 1));
    case 'insert': {
      const at = m.at % (text.length + 1);
      return text.slice(0, at) + m.text + text.slice(at);
    }
    case 'drop-line':
    case 'duplicate-line':
    case 'indent':
      return editLine(text, m);
    default:
      return editTree(text, m);
  }
}

function editLine(text: string, m: Extract<Mutation, { line: number }>): string {
  const lines = text.split('\n');
  const i = m.line % lines.length;
  const line = lines[i]!;
  if (m.kind === 'drop-line') lines.splice(i, 1);
  else if (m.kind === 'duplicate-line') lines.splice(i, 0, line);
  else if (m.kind === 'indent')
    lines[i] = m.by >= 0 ? ' '.repeat(m.by) + line : line.slice(Math.min(-m.by, line.search(/\S|$/)));
  return lines.join('\n');
}

type Path = readonly (string | number)[];

// Structural edits need a tree; text that no longer parses is left as it is for the textual ones.
function editTree(text: string, m: Extract<Mutation, { kind: 'delete' | 'retype' | 'swap' }>): string {
  try {
    const doc = parseDocument(text, { logLevel: 'silent' });
    if (doc.errors.length > 0) return text;
    const root: unknown = doc.toJS();
    const paths = collectPaths(root, []);
    if (paths.length === 0) return text;
    const at = (n: number) => paths[n % paths.length]!;
    if (m.kind === 'delete') remove(root, at(m.pick));
    else if (m.kind === 'retype') assign(root, at(m.pick), structuredClone(m.value));
    else {
      const [a, b] = [at(m.a), at(m.b)];
      const [va, vb] = [structuredClone(read(root, a)), structuredClone(read(root, b))];
      assign(root, a, vb);
      assign(root, b, va);
    }
    return stringify(root);
  } catch {
    // Text the yaml library itself cannot turn into a tree (alias bombs, odd tags) stays as it is.
    return text;
  }
}

function isContainer(value: unknown): value is Record<string | number, unknown> {
  return typeof value === 'object' && value !== null;
}

function collectPaths(value: unknown, prefix: Path): Path[] {
  if (!isContainer(value)) return [];
  return Object.keys(value).flatMap((key) => {
    const path = [...prefix, Array.isArray(value) ? Number(key) : key];
    return [path, ...collectPaths(value[key], path)];
  });
}

function read(root: unknown, path: Path): unknown {
  return path.reduce<unknown>((node, key) => (isContainer(node) ? node[key] : undefined), root);
}

function parentOf(root: unknown, path: Path): Record<string | number, unknown> | undefined {
  const parent = read(root, path.slice(0, -1));
  const key = path.at(-1);
  return isContainer(parent) && key !== '__proto__' && key !== undefined && key in parent ? parent : undefined;
}

function assign(root: unknown, path: Path, value: unknown): void {
  const parent = parentOf(root, path);
  if (parent) parent[path.at(-1)!] = value;
}

function remove(root: unknown, path: Path): void {
  const parent = parentOf(root, path);
  const key = path.at(-1)!;
  if (Array.isArray(parent)) parent.splice(Number(key), 1);
  else if (parent) delete parent[key];
}
