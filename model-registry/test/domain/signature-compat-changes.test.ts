// What compareSignatures tells callers, word for word, at each boundary: dynamic dims (-1 or a
// name) on either side, ranks, maxBatch one below, outputs declared on one side only.
import { describe, expect, it } from 'vitest';
import type { InputSpec, ModelSignature, TensorSpec } from '../../src/domain/manifest/types.ts';
import { compareSignatures } from '../../src/domain/signature-compat.ts';

const x: InputSpec = { name: 'x', dtype: 'float32', shape: [-1, 3], batchDim: 0, maxBatch: 64 };
const sig = (input: Partial<InputSpec>, outputs?: TensorSpec[]): ModelSignature => ({
  inputs: [{ ...x, ...input }],
  ...(outputs ? { outputs } : {}),
});
const y = (shape: (number | string)[], dtype: TensorSpec['dtype'] = 'float32'): TensorSpec => ({
  name: 'y',
  dtype,
  shape,
});

describe('inputs', () => {
  it('says what a dtype change asks of callers', () => {
    expect(compareSignatures(sig({}), sig({ dtype: 'float64' }))).toEqual([
      { path: ['inputs', 0, 'dtype'], change: 'input "x" dtype float32 -> float64', callers: 'send "x" as float64' },
    ]);
  });

  it('says what a lower maxBatch asks of callers, from one below', () => {
    expect(compareSignatures(sig({}), sig({ maxBatch: 63 }))).toEqual([
      {
        path: ['inputs', 0, 'maxBatch'],
        change: 'input "x" maxBatch 64 -> 63',
        callers: 'send at most 63 rows per request',
      },
    ]);
    expect(compareSignatures(sig({}), sig({ maxBatch: 64 }))).toEqual([]);
  });

  it('ignores maxBatch on an input without a batch dimension', () => {
    const scalar = { shape: [], batchDim: undefined };
    expect(compareSignatures(sig({ ...scalar, maxBatch: 64 }), sig({ ...scalar, maxBatch: 8 }))).toEqual([]);
  });

  it('reads -1 and a dimension name alike', () => {
    expect(compareSignatures(sig({ shape: ['batch', 3] }), sig({ shape: [-1, 3] }))).toEqual([]);
    expect(compareSignatures(sig({ shape: [-1, 3] }), sig({ shape: ['n', 3] }))).toEqual([]);
  });

  it('counts a fixed size of 1 as fixed', () => {
    expect(compareSignatures(sig({ shape: [8, 3] }), sig({ shape: [1, 3] }))).toEqual([
      {
        path: ['inputs', 0, 'shape'],
        change: 'input "x" shape [8, 3] -> [1, 3]',
        callers: 'send "x" with shape [1, 3]',
      },
    ]);
  });

  it('counts fewer dimensions as a change, even all dynamic', () => {
    expect(compareSignatures(sig({ shape: [-1, 3] }), sig({ shape: ['batch'] }))).toEqual([
      {
        path: ['inputs', 0, 'shape'],
        change: 'input "x" shape [-1, 3] -> [batch]',
        callers: 'send "x" with shape [batch]',
      },
    ]);
  });
});

describe('outputs', () => {
  it('compares nothing when either side declares none', () => {
    expect(compareSignatures(sig({}, [y([1])]), sig({}))).toEqual([]);
    expect(compareSignatures(sig({}), sig({}, [y([1])]))).toEqual([]);
  });

  it('reads -1 and a dimension name alike', () => {
    expect(compareSignatures(sig({}, [y(['batch', 1])]), sig({}, [y([-1, 1])]))).toEqual([]);
  });

  it.each([
    ['a fixed dim made dynamic', [8, 1], ['batch', 1]],
    ['a dynamic dim made fixed', ['batch', 1], [8, 1]],
    ['a size changed', ['batch', 1], ['batch', 2]],
    ['a dimension dropped', ['batch', 1], ['batch']],
    ['a dimension added', ['batch'], ['batch', 1]],
  ])('counts %s as a change callers must read', (_name, before, after) => {
    const show = (s: (number | string)[]) => `[${s.join(', ')}]`;
    expect(compareSignatures(sig({}, [y(before)]), sig({}, [y(after)]))).toEqual([
      {
        path: ['outputs', 0, 'shape'],
        change: `output "y" float32 ${show(before)} -> float32 ${show(after)}`,
        callers: `read "y" as float32 ${show(after)}`,
      },
    ]);
  });

  it("names a dtype change at dtype, even with the shape changed, at the candidate's index", () => {
    const z = { name: 'z', dtype: 'int64', shape: [1] } as const;
    expect(compareSignatures(sig({}, [y([1]), z]), sig({}, [z, y([2], 'float16')]))).toEqual([
      {
        path: ['outputs', 1, 'dtype'],
        change: 'output "y" float32 [1] -> float16 [2]',
        callers: 'read "y" as float16 [2]',
      },
    ]);
  });
});
