import { describe, expect, it } from 'vitest';
import type { InputSignature } from '../../../model-registry/src/domain/manifest/types.ts';
import { validateInputs } from '../../src/domain/validate-inputs.ts';

const features: InputSignature = { name: 'features', dtype: 'float32', shape: [-1, 3], maxBatch: 2 };
const ids: InputSignature = { name: 'ids', dtype: 'int32', shape: [-1, 2], maxBatch: 4 };

describe('validateInputs', () => {
  it('accepts rows of the declared width and reports the tensor shape', () => {
    expect(
      validateInputs(
        [
          [1, 2, 3],
          [4, 5, 6],
        ],
        features,
      ),
    ).toEqual({
      ok: true,
      inputs: [
        [1, 2, 3],
        [4, 5, 6],
      ],
      shape: [2, 3],
    });
  });

  it.each([
    { name: 'not an array', value: { a: 1 }, signature: features, message: 'non-empty array' },
    { name: 'an empty batch', value: [], signature: features, message: 'non-empty array' },
    {
      name: 'a batch above maxBatch',
      value: [
        [1, 2, 3],
        [1, 2, 3],
        [1, 2, 3],
      ],
      signature: features,
      message: 'exceeds maxBatch 2',
    },
    {
      name: 'a row of the wrong width',
      value: [[1, 2]],
      signature: features,
      message: 'inputs[0] has 2 values; features expects 3',
    },
    { name: 'a row that is not an array', value: [5], signature: features, message: 'inputs[0] must be an array' },
    {
      name: 'a string cell',
      value: [[1, '2', 3]],
      signature: features,
      message: 'inputs[0][1] must be a finite number',
    },
    {
      name: 'a NaN-like null cell',
      value: [[1, null, 3]],
      signature: features,
      message: 'inputs[0][1] must be a finite number',
    },
    {
      name: 'a fraction for an int dtype',
      value: [[1, 2.5]],
      signature: ids,
      message: 'inputs[0][1] must be an integer (int32)',
    },
    { name: 'an int32 overflow', value: [[1, 2 ** 31]], signature: ids, message: 'out of range for int32' },
    { name: 'an int32 underflow', value: [[-(2 ** 31) - 1, 0]], signature: ids, message: 'out of range for int32' },
    {
      name: 'an int64 beyond the exact integers',
      value: [[2 ** 53]],
      signature: { ...ids, dtype: 'int64' as const, shape: [-1, 1] },
      message: 'inputs[0][0] is out of range for int64',
    },
    {
      name: 'an int64 below the exact integers',
      value: [[-(2 ** 53)]],
      signature: { ...ids, dtype: 'int64' as const, shape: [-1, 1] },
      message: 'inputs[0][0] is out of range for int64',
    },
    // JSON.parse reads 1e999 as Infinity.
    {
      name: 'an infinite cell',
      value: JSON.parse('[[1, 1e999, 3]]'),
      signature: features,
      message: 'inputs[0][1] must be a finite number',
    },
    {
      name: 'a NaN cell',
      value: [[1, Number.NaN, 3]],
      signature: features,
      message: 'inputs[0][1] must be a finite number',
    },
    {
      name: 'rows of different widths (dynamic feature dimension)',
      value: [[1, 2], [3]],
      signature: { ...features, shape: [-1, -1] },
      message: 'inputs[1] differs in length from inputs[0]',
    },
    {
      name: 'a row of the wrong width (two fixed dimensions)',
      value: [[1, 2, 3]],
      signature: { ...features, shape: [-1, 2, 3] },
      message: 'inputs[0] has 3 values; features expects 6',
    },
  ])('rejects $name', ({ value, signature, message }) => {
    const check = validateInputs(value, signature);
    expect(check.ok).toBe(false);
    expect(check.ok ? '' : check.message).toContain(message);
  });

  it('accepts the int32 and int64 extremes', () => {
    expect(validateInputs([[-(2 ** 31), 2 ** 31 - 1]], ids)).toMatchObject({ ok: true });
    const int64 = { ...ids, dtype: 'int64' as const };
    expect(validateInputs([[Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER]], int64)).toMatchObject({ ok: true });
  });

  it('takes a row of several fixed dimensions flattened, and reports the full tensor shape', () => {
    const image: InputSignature = { ...features, shape: [-1, 2, 3] };
    expect(validateInputs([[1, 2, 3, 4, 5, 6]], image)).toEqual({
      ok: true,
      inputs: [[1, 2, 3, 4, 5, 6]],
      shape: [1, 2, 3],
    });
  });

  it('accepts any row width when the feature dimension is dynamic, as long as rows agree', () => {
    const dynamic: InputSignature = { ...features, shape: [-1, -1] };
    expect(
      validateInputs(
        [
          [1, 2],
          [3, 4],
        ],
        dynamic,
      ),
    ).toMatchObject({ ok: true, shape: [2, 2] });
    // One fixed and one dynamic dimension: still dynamic as a whole (the row is flattened).
    expect(validateInputs([[1, 2, 3, 4, 5]], { ...features, shape: [-1, 2, -1] })).toMatchObject({
      ok: true,
      shape: [1, 5],
    });
    expect(validateInputs([[1, 2], [3]], dynamic)).toMatchObject({ ok: false });
  });
});
