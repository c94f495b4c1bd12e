import { describe, expect, it } from 'vitest';
import { checkInput, checkTarget, neoDataInputConfig } from '../../src/domain/compile-precheck.ts';
import type { InputSignature } from '../../src/domain/manifest/types.ts';

const declared: InputSignature = { name: 'features', dtype: 'float32', shape: [-1, 30], maxBatch: 64 };
const actual = { name: 'features', dtype: 'float32', shape: [null, 30] };

describe('checkTarget', () => {
  it.each([
    ['ml_c5', 'ml.c5.xlarge', true],
    ['ml_m5', 'ml.m5.2xlarge', true],
    ['ml_g4dn', 'ml.g4dn.xlarge', true],
    ['ml_inf1', 'ml.inf1.xlarge', true],
    ['ml_c5', 'ml.m5.xlarge', false],
    ['ml_c4', 'ml.c5.xlarge', false],
    ['jetson_nano', 'ml.c5.xlarge', false],
  ])('target %s on %s matches: %s', (target, instanceType, ok) => {
    expect(checkTarget(target, instanceType).length === 0).toBe(ok);
  });

  it('names the target that would match the instance type', () => {
    const [failure] = checkTarget('ml_m5', 'ml.c5.xlarge');

    expect(failure).toEqual({
      path: ['compile', 'target'],
      message: 'Neo target ml_m5 does not match endpoint instance type ml.c5.xlarge (use ml_c5)',
    });
  });
});

describe('checkInput', () => {
  it('accepts a matching signature, with a symbolic batch dimension', () => {
    expect(checkInput(declared, [actual])).toEqual([]);
  });

  it('accepts a fixed declared batch where the model is dynamic', () => {
    expect(checkInput({ ...declared, shape: [8, 30] }, [actual])).toEqual([]);
  });

  it('reports a missing input name, listing the real inputs', () => {
    expect(checkInput({ ...declared, name: 'x' }, [actual])).toEqual([
      { path: ['input', 'name'], message: 'the model has no input "x" (its inputs: "features")' },
    ]);
  });

  it('reports dtype and shape mismatches together', () => {
    const failures = checkInput({ ...declared, dtype: 'float64', shape: [-1, 31] }, [actual]);

    expect(failures).toEqual([
      { path: ['input', 'dtype'], message: "models.yaml says float64, the model's input is float32" },
      { path: ['input', 'shape'], message: `models.yaml says [-1, 31], the model's input "features" is [?, 30]` },
    ]);
  });

  it('reports a rank mismatch', () => {
    expect(checkInput({ ...declared, shape: [-1, 5, 6] }, [actual])[0]?.path).toEqual(['input', 'shape']);
  });

  it('rejects a declared dynamic dimension where the model is fixed', () => {
    expect(checkInput(declared, [{ ...actual, shape: [1, 30] }])).toHaveLength(1);
  });
});

describe('neoDataInputConfig', () => {
  it('gives Neo the input name and the shape compiled for the largest batch the API accepts', () => {
    expect(neoDataInputConfig(declared)).toBe(`{"features":[${declared.maxBatch},30]}`);
  });
});
