// The typed readers under the models.yaml loader, each on a small document: what they accept, the
// bounds on both sides, and every error's position and wording (what was expected, what was written).

import { describe, expect, it } from 'vitest';
import { LineCounter, type Node, parseDocument } from 'yaml';
import { formatIssue } from '../../src/domain/manifest/issues.ts';
import {
  decimal,
  integer,
  list,
  object,
  oneOf,
  ReadContext,
  type Reader,
  text,
} from '../../src/domain/manifest/yaml-reader.ts';

/** Reads the document's root with `reader` at path `f`; the value and the issues as printed. */
function read<T>(reader: Reader<T>, source: string) {
  const lines = new LineCounter();
  const doc = parseDocument(source, { lineCounter: lines });
  const ctx = new ReadContext('t.yaml', lines);
  const value = reader(doc.contents as Node | null, ['f'], ctx);
  return { value, errors: ctx.issues.map(formatIssue) };
}

describe('scalar readers say what they got', () => {
  const name = text('a name');

  it.each([
    ['"x"', 'x', []],
    ['""', undefined, ['t.yaml:1:1: f: expected a name, got ""']],
    ['[1]', undefined, ['t.yaml:1:1: f: expected a name, got a list']],
    ['{ a: 1 }', undefined, ['t.yaml:1:1: f: expected a name, got a mapping']],
    ['~', undefined, ['t.yaml:1:1: f: expected a name, got null']],
    ['true', undefined, ['t.yaml:1:1: f: expected a name, got boolean true']],
    ['  12', undefined, ['t.yaml:1:3: f: expected a name, got number 12']],
    ['', undefined, ['t.yaml:1:1: f: expected a name, got nothing']],
  ])('text on %j', (source, value, errors) => {
    expect(read(name, source)).toEqual({ value, errors });
  });

  it('says an alias is an alias', () => {
    const reader = object({ a: { read: integer(0) }, b: { read: name } });
    expect(read(reader, 'a: &x 1\nb: *x\n').errors).toEqual(['t.yaml:2:4: f.b: expected a name, got an alias']);
  });

  it('checks a pattern when given one', () => {
    const lower = text('lowercase letters', /^[a-z]+$/);
    expect(read(lower, 'abc')).toEqual({ value: 'abc', errors: [] });
    expect(read(lower, 'ab1').errors).toEqual(['t.yaml:1:1: f: expected lowercase letters, got "ab1"']);
  });

  it('says "a string" when told nothing else', () => {
    expect(read(text(), '5').errors).toEqual(['t.yaml:1:1: f: expected a string, got number 5']);
  });
});

describe('integer', () => {
  const oneToHundred = integer(1, 100);

  it.each([
    [1, 1],
    [100, 100],
    [37, 37],
  ])('accepts %s', (n, value) => {
    expect(read(oneToHundred, String(n))).toEqual({ value, errors: [] });
  });

  it.each([
    ['0', 'number 0'],
    ['101', 'number 101'],
    ['-1', 'number -1'],
    ['1.5', 'number 1.5'],
    ['"5"', '"5"'],
  ])('refuses %s', (source, got) => {
    expect(read(oneToHundred, source)).toEqual({
      value: undefined,
      errors: [`t.yaml:1:1: f: expected an integer from 1 to 100, got ${got}`],
    });
  });

  it('has no upper bound but the largest safe integer when given none', () => {
    const from0 = integer(0);
    expect(read(from0, '9007199254740991').value).toBe(9_007_199_254_740_991);
    expect(read(from0, '9007199254740993').errors).toEqual([
      't.yaml:1:1: f: expected an integer from 0 to 9007199254740991, got number 9007199254740992',
    ]);
    expect(read(from0, '0').value).toBe(0);
  });
});

describe('decimal', () => {
  const alpha = decimal(0.0001, 0.5);

  it.each([
    ['0.0001', 0.0001],
    ['0.5', 0.5],
    ['0.05', 0.05],
  ])('accepts %s', (source, value) => {
    expect(read(alpha, source)).toEqual({ value, errors: [] });
  });

  it.each([
    ['0.00009', 'number 0.00009'],
    ['0.50001', 'number 0.50001'],
    ['.nan', 'number NaN'],
    ['.inf', 'number Infinity'],
    ['"0.1"', '"0.1"'],
  ])('refuses %s', (source, got) => {
    expect(read(alpha, source)).toEqual({
      value: undefined,
      errors: [`t.yaml:1:1: f: expected a number from 0.0001 to 0.5, got ${got}`],
    });
  });
});

describe('oneOf', () => {
  const strategy = oneOf(['canary', 'linear', 'all-at-once'] as const);

  it('accepts a listed value', () => {
    expect(read(strategy, 'linear')).toEqual({ value: 'linear', errors: [] });
  });

  it.each([
    ['canry', 'got "canry" (did you mean "canary"?)'],
    ['CANARY', 'got "CANARY" (did you mean "canary"?)'],
    ['blue-green', 'got "blue-green"'],
    ['5', 'got number 5'],
    ['[canary]', 'got a list'],
  ])('refuses %s', (source, got) => {
    expect(read(strategy, source)).toEqual({
      value: undefined,
      errors: [`t.yaml:1:1: f: expected one of canary | linear | all-at-once, ${got}`],
    });
  });
});

describe('list', () => {
  const digits = list(integer(0, 9), 2);

  it('reads every item', () => {
    expect(read(digits, '[1, 2, 3]')).toEqual({ value: [1, 2, 3], errors: [] });
  });

  it('reads exactly the minimum number of items', () => {
    expect(read(digits, '[4, 5]')).toEqual({ value: [4, 5], errors: [] });
  });

  it('says when there are too few items', () => {
    expect(read(digits, '[4]').errors).toEqual(['t.yaml:1:1: f: needs at least 2 item(s)']);
    expect(read(list(integer(0)), '[]')).toEqual({ value: [], errors: [] });
  });

  it('reports a bad item at its index, and every bad item', () => {
    expect(read(digits, '[1, 12, 3, x]')).toEqual({
      value: undefined,
      errors: [
        't.yaml:1:5: f[1]: expected an integer from 0 to 9, got number 12',
        't.yaml:1:12: f[3]: expected an integer from 0 to 9, got "x"',
      ],
    });
  });

  it('refuses a non-list', () => {
    expect(read(digits, 'seven')).toEqual({
      value: undefined,
      errors: ['t.yaml:1:1: f: expected a list, got "seven"'],
    });
  });
});

describe('object', () => {
  const model = object({
    name: { read: text('a name'), required: true },
    version: { read: text('a version') },
    replicas: { read: integer(1, 10) },
  });

  it('reads the fields and keeps the node of each key', () => {
    const result = read(model, 'name: a\nreplicas: 3\n');
    expect(result.errors).toEqual([]);
    expect(result.value?.value).toEqual({ name: 'a', replicas: 3 });
    expect(result.value?.ok).toBe(true);
    expect(Object.keys(result.value?.nodes ?? {})).toEqual(['name', 'replicas']);
  });

  it('keeps the valid fields of a mapping with a bad one, and says it is not ok', () => {
    const result = read(model, 'name: a\nreplicas: 30\n');
    expect(result.value?.value).toEqual({ name: 'a' });
    expect(result.value?.ok).toBe(false);
    expect(result.errors).toEqual(['t.yaml:2:11: f.replicas: expected an integer from 1 to 10, got number 30']);
  });

  it('reports a missing required key at the mapping', () => {
    const result = read(model, '\n  version: "1"\n');
    expect(result.value?.ok).toBe(false);
    expect(result.errors).toEqual(['t.yaml:2:3: f.name: is required']);
  });

  it('suggests the nearest known key for a misspelled one', () => {
    const result = read(model, 'name: a\nnmae: b\n');
    expect(result.value?.ok).toBe(false);
    expect(result.errors).toEqual(['t.yaml:2:1: f.nmae: unknown key (did you mean "name"?)']);
  });

  it('lists the known keys when none is near', () => {
    expect(read(model, 'name: a\nowner: team-x\n').errors).toEqual([
      't.yaml:2:1: f.owner: unknown key (allowed: name, version, replicas)',
    ]);
  });

  it.each(['__proto__', 'constructor', 'toString'])('reads %s as an unknown key', (key) => {
    const result = read(model, `name: a\n${key}: x\n`);
    expect(result.value?.ok).toBe(false);
    expect(result.errors).toEqual([`t.yaml:2:1: f.${key}: unknown key (allowed: name, version, replicas)`]);
  });

  it('reports a key that is not a scalar as "?"', () => {
    const result = read(model, 'name: a\n? [x]\n: 1\n');
    expect(result.value?.ok).toBe(false);
    expect(result.errors).toEqual(['t.yaml:2:3: f.?: unknown key (allowed: name, version, replicas)']);
  });

  it('places a key written without a value at the key (it reads as null)', () => {
    const result = read(model, '{ name: a, replicas }');
    expect(result.value?.ok).toBe(false);
    expect(result.errors).toEqual(['t.yaml:1:12: f.replicas: expected an integer from 1 to 10, got null']);
  });

  it('refuses a non-mapping', () => {
    expect(read(model, '- a\n')).toEqual({
      value: undefined,
      errors: ['t.yaml:1:1: f: expected a mapping, got a list'],
    });
  });
});
