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
  ])('rejects $name', ({ value, signature, message }) => {
    const check = validateInputs(value, signature);
    expect(check.ok).toBe(false);
    expect(check.ok ? '' : check.message).toContain(message);
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
    expect(validateInputs([[1, 2], [3]], dynamic)).toMatchObject({ ok: false });
  });
});
