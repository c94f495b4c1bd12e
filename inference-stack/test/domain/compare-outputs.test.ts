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

    expect(compareOutputs(label('0'), label('0'))).toEqual({ disagree: false });
    expect(compareOutputs(label('0'), label('2'))).toEqual({ disagree: true });
  });

  it('an output only one version has is a disagreement', () => {
    expect(compareOutputs(scores(0.3), { ...scores(0.3), extra: { dtype: 'int32', shape: [1], data: [1] } })).toEqual({
      maxAbsDiff: 0,
      disagree: true,
    });
  });
});
