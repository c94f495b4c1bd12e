import { describe, expect, it } from 'vitest';
import { compareOutputs } from '../../src/domain/compare-outputs.ts';
import type { NamedTensors } from '../../src/domain/tensors/tensor.ts';

const scores = (...data: number[]): NamedTensors => ({
  probability: { dtype: 'float32', shape: [data.length, 1], data },
});

describe('compareOutputs: candidate vs stable on one request', () => {
  it.each([
    ['the same scores', scores(0.2, 0.7), scores(0.2, 0.7), { maxAbsDiff: 0, disagree: false }],
    [
      'scores a little apart on one side of 0.5',
      scores(0.2, 0.7),
      scores(0.25, 0.7),
      { maxAbsDiff: 0.05, disagree: false },
    ],
    ['a score crossing 0.5', scores(0.2, 0.45), scores(0.2, 0.55), { maxAbsDiff: 0.1, disagree: true }],
    ['NaN on one side only', scores(Number.NaN), scores(0.1), { maxAbsDiff: Infinity, disagree: false }],
    ['another shape', scores(0.2, 0.7), scores(0.2), { maxAbsDiff: Infinity, disagree: true }],
  ] as const)('%s', (_name, stable, candidate, expected) => {
    const found = compareOutputs(stable, candidate);

    expect(found.disagree).toBe(expected.disagree);
    expect(found.maxAbsDiff).toBeCloseTo(expected.maxAbsDiff, 6);
  });

  it('labels of a multi-class output are the argmax of each row', () => {
    const stable: NamedTensors = { logits: { dtype: 'float32', shape: [1, 3], data: [0.1, 0.8, 0.1] } };
    const candidate: NamedTensors = { logits: { dtype: 'float32', shape: [1, 3], data: [0.45, 0.4, 0.15] } };

    expect(compareOutputs(stable, candidate).disagree).toBe(true);
  });

  it('a label output (int64) disagrees on any element, and has no float difference', () => {
    const label = (v: string): NamedTensors => ({ label: { dtype: 'int64', shape: [2], data: ['1', v] } });

    expect(compareOutputs(label('0'), label('0'))).toStrictEqual({ disagree: false });
    expect(compareOutputs(label('0'), label('2'))).toStrictEqual({ disagree: true });
  });

  it('an output only one version has is a disagreement', () => {
    expect(compareOutputs(scores(0.3), { ...scores(0.3), extra: { dtype: 'int32', shape: [1], data: [1] } })).toEqual({
      maxAbsDiff: 0,
      disagree: true,
    });
  });
});

// Dyadic scores (k / 2^n) so that differences are exact and can be written out.
const float = (shape: number[], data: number[], dtype: 'float16' | 'float32' | 'float64' = 'float32') => ({
  dtype,
  shape,
  data,
});

describe('compareOutputs: the label of one score per row is p >= 0.5', () => {
  it.each([
    ['exactly 0.5 against just below', 0.5, 0.4375, 0.0625, true],
    ['exactly 0.5 against above', 0.5, 0.75, 0.25, false],
    ['below on both sides', 0.4375, 0.25, 0.1875, false],
  ])('%s', (_name, s, c, diff, disagree) => {
    expect(compareOutputs(scores(s), scores(c))).toEqual({ maxAbsDiff: diff, disagree });
  });

  it('reads a scalar output and a flat vector as one score per row', () => {
    expect(compareOutputs({ p: float([], [0.25]) }, { p: float([], [0.75]) })).toEqual({
      maxAbsDiff: 0.5,
      disagree: true,
    });
    // Per-row thresholds agree (all >= 0.5); an argmax over the vector would not.
    expect(compareOutputs({ p: float([2], [0.625, 0.75]) }, { p: float([2], [0.75, 0.625]) })).toEqual({
      maxAbsDiff: 0.125,
      disagree: false,
    });
  });
});

describe('compareOutputs: the label of several scores per row is the argmax', () => {
  it.each([
    ['a tie goes to the first class on both sides', [0.5, 0.5], [0.75, 0.25], false],
    ['the largest, not the last one that beat its neighbour', [0.5, 0.125, 0.25], [0.5, 0.25, 0.125], false],
    ['another class ahead', [0.125, 0.25, 0.625], [0.125, 0.625, 0.25], true],
    ['the last class ahead on one side only', [0.25, 0.25, 0.5], [0.25, 0.5, 0.25], true],
  ])('%s', (_name, s, c, disagree) => {
    expect(compareOutputs({ logits: float([1, s.length], s) }, { logits: float([1, c.length], c) }).disagree).toBe(
      disagree,
    );
  });

  it('compares every row, the first and the last', () => {
    const stable = { logits: float([2, 2], [0.75, 0.25, 0.25, 0.75]) };
    const lastRowMoved = { logits: float([2, 2], [0.75, 0.25, 0.75, 0.25]) };
    const firstRowMoved = { logits: float([2, 2], [0.25, 0.75, 0.25, 0.75]) };
    const bothKept = { logits: float([2, 2], [0.625, 0.375, 0.375, 0.625]) };

    expect(compareOutputs(stable, lastRowMoved)).toEqual({ maxAbsDiff: 0.5, disagree: true });
    expect(compareOutputs(stable, firstRowMoved)).toEqual({ maxAbsDiff: 0.5, disagree: true });
    expect(compareOutputs(stable, bothKept)).toEqual({ maxAbsDiff: 0.125, disagree: false });
  });

  it('takes rows over every leading dimension and the classes from the last one (rank 3)', () => {
    const stable = { logits: float([1, 3, 2], [0.5, 0.25, 0.75, 0.5, 0.5, 0.25]) };
    const pairsKept = { logits: float([1, 3, 2], [0.75, 0.25, 0.5, 0.25, 0.5, 0.25]) };
    const lastPairMoved = { logits: float([1, 3, 2], [0.5, 0.25, 0.75, 0.5, 0.25, 0.5]) };

    expect(compareOutputs(stable, pairsKept)).toEqual({ maxAbsDiff: 0.25, disagree: false });
    expect(compareOutputs(stable, lastPairMoved)).toEqual({ maxAbsDiff: 0.25, disagree: true });
  });

  it('disagrees when any one score output’s labels move', () => {
    const stable = { a: float([1, 1], [0.25]), b: float([1, 1], [0.75]) };

    expect(compareOutputs(stable, { a: float([1, 1], [0.75]), b: float([1, 1], [0.75]) }).disagree).toBe(true);
    expect(compareOutputs(stable, { a: float([1, 1], [0.25]), b: float([1, 1], [0.25]) }).disagree).toBe(true);
  });

  it('takes the rows the shape declares, not data past them', () => {
    const stable = { logits: float([1, 2], [0.75, 0.25, 0.75, 0.25]) };
    const candidate = { logits: float([1, 2], [0.75, 0.25, 0.25, 0.75]) };

    expect(compareOutputs(stable, candidate).disagree).toBe(false);
  });

  it('has no label to compare in an output with a last dimension of 0', () => {
    expect(compareOutputs({ e: float([2, 0], []) }, { e: float([2, 0], []) })).toEqual({
      maxAbsDiff: 0,
      disagree: false,
    });
  });
});

describe('compareOutputs: the largest absolute difference over the float outputs', () => {
  it('is absolute, element by element, the largest over every output', () => {
    const stable = { a: float([1, 2], [0.75, 0.25], 'float16'), b: float([1, 1], [0.5], 'float64') };
    const candidate = { a: float([1, 2], [0.5, 0.25], 'float16'), b: float([1, 1], [0.625], 'float64') };

    expect(compareOutputs(stable, candidate)).toEqual({ maxAbsDiff: 0.25, disagree: false });
    expect(compareOutputs(candidate, stable)).toEqual({ maxAbsDiff: 0.25, disagree: false });
    expect(
      compareOutputs({ b: float([1], [0.5]), a: float([1], [0.75]) }, { b: float([1], [0.5]), a: float([1], [0.875]) })
        .maxAbsDiff,
    ).toBe(0.125);
  });

  it('counts NaN on one side only, either side, as infinitely apart, and NaN on both as equal', () => {
    expect(compareOutputs(scores(0.25, 0.25), scores(0.25, Number.NaN)).maxAbsDiff).toBe(Infinity);
    expect(compareOutputs(scores(Number.NaN, 0.25), scores(0.25, 0.25)).maxAbsDiff).toBe(Infinity);
    expect(compareOutputs(scores(Number.NaN, 0.25), scores(Number.NaN, 0.375))).toEqual({
      maxAbsDiff: 0.125,
      disagree: false,
    });
  });

  it('counts the same infinity on both sides as no difference', () => {
    expect(compareOutputs(scores(-Infinity), scores(-Infinity))).toEqual({ maxAbsDiff: 0, disagree: false });
    expect(compareOutputs(scores(Infinity), scores(-Infinity))).toEqual({ maxAbsDiff: Infinity, disagree: true });
  });
});

describe('compareOutputs: outputs the versions do not share alike', () => {
  it.each([
    ['a float output missing from the candidate', { p: float([1], [0.5]) }, {}],
    ['a float output only the candidate has', {}, { p: float([1], [0.5]) }],
    ['another float dtype', { p: float([1], [0.5], 'float32') }, { p: float([1], [0.5], 'float64') }],
    [
      'a float output that is an integer on the other side',
      { p: float([1], [1]) },
      { p: { dtype: 'int32', shape: [1], data: [1] } },
    ],
    ['the same dimensions in another order', { p: float([1, 2], [0.5, 0.5]) }, { p: float([2, 1], [0.5, 0.5]) }],
    ['another rank', { p: float([1, 1], [0.5]) }, { p: float([1], [0.5]) }],
    ['another rank, the stable one a prefix', { p: float([1], [0.5]) }, { p: float([1, 1], [0.5]) }],
    ['another second dimension', { p: float([1, 2], [0.5, 0.5]) }, { p: float([1, 3], [0.5, 0.5, 0.5]) }],
    ['a last dimension of another size', { p: float([1, 1], [0.5]) }, { p: float([1, 2], [0.5, 0.5]) }],
  ] as const)('%s is infinitely apart and disagrees', (_name, stable, candidate) => {
    expect(compareOutputs(stable, candidate)).toEqual({ maxAbsDiff: Infinity, disagree: true });
  });

  it('a label output missing from one side disagrees, with no float difference', () => {
    expect(compareOutputs({ label: { dtype: 'int64', shape: [1], data: ['1'] } }, {})).toStrictEqual({
      disagree: true,
    });
  });

  it('a shape mismatch on one output is not undone by the others agreeing', () => {
    expect(
      compareOutputs(
        { a: float([1], [0.5]), b: float([1], [0.5]) },
        { a: float([2], [0.5, 0.5]), b: float([1], [0.5]) },
      ),
    ).toEqual({ maxAbsDiff: Infinity, disagree: true });
  });
});

describe('compareOutputs: label outputs decide, scores beside them only measure', () => {
  const label = (v: string) => ({ dtype: 'string' as const, shape: [2], data: ['cat', v] });

  it('compares every element of a label output, the last one too', () => {
    expect(compareOutputs({ label: label('dog') }, { label: label('dog') })).toStrictEqual({ disagree: false });
    expect(compareOutputs({ label: label('dog') }, { label: label('cow') })).toStrictEqual({ disagree: true });
  });

  it('takes the label output’s agreement over the labels the scores would give', () => {
    expect(
      compareOutputs(
        { label: label('dog'), p: float([1, 1], [0.25]) },
        { label: label('dog'), p: float([1, 1], [0.75]) },
      ),
    ).toEqual({ maxAbsDiff: 0.5, disagree: false });
    expect(
      compareOutputs(
        { label: label('dog'), p: float([1, 1], [0.25]) },
        { label: label('cow'), p: float([1, 1], [0.25]) },
      ),
    ).toEqual({ maxAbsDiff: 0, disagree: true });
  });

  it('compares bool outputs element by element', () => {
    const flags = (...data: boolean[]) => ({ f: { dtype: 'bool' as const, shape: [data.length], data } });

    expect(compareOutputs(flags(true, false), flags(true, false))).toStrictEqual({ disagree: false });
    expect(compareOutputs(flags(true, false), flags(true, true))).toStrictEqual({ disagree: true });
  });
});
