import { describe, expect, it } from 'vitest';
import {
  checkSignature,
  checkTarget,
  type GraphTensor,
  neoDataInputConfig,
  PrecheckError,
} from '../../src/domain/compile-precheck.ts';
import type { ModelSignature } from '../../src/domain/manifest/types.ts';
import { oneInput } from '../support/one-input.ts';

const declared = oneInput('features', 'float32', [-1, 30]);
const actual = { name: 'features', dtype: 'float32', shape: [null, 30] };
const probability = { name: 'probability', dtype: 'float32', shape: ['batch', 1] };
const graph = (inputs: GraphTensor[] = [actual], outputs: GraphTensor[] = [probability]) => ({ inputs, outputs });
const withShape = (shape: (number | string)[]) => oneInput('features', 'float32', shape as number[]);

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

describe('checkSignature: one input (the shorthand)', () => {
  it('accepts a matching signature, with a symbolic batch dimension', () => {
    expect(checkSignature(declared, graph())).toEqual([]);
  });

  it('accepts a fixed declared batch where the model is dynamic', () => {
    expect(checkSignature(withShape([8, 30]), graph())).toEqual([]);
  });

  it('reports a missing input name, listing the real inputs, and the undeclared real one', () => {
    expect(checkSignature(oneInput('x', 'float32', [-1, 30]), graph())).toEqual([
      { path: ['inputs', 0, 'name'], message: 'the model has no input "x" (its inputs: "features")' },
      { path: ['inputs'], message: 'the model also has input "features" (float32 [?, 30]); declare it' },
    ]);
  });

  it('reports dtype and shape mismatches together', () => {
    const failures = checkSignature(oneInput('features', 'float64', [-1, 31]), graph());
    expect(failures).toEqual([
      { path: ['inputs', 0, 'dtype'], message: `models.yaml says float64, the model's input "features" is float32` },
      {
        path: ['inputs', 0, 'shape'],
        message: `models.yaml says [-1, 31], the model's input "features" is [?, 30]: dimension 1 is 30 in the model`,
      },
    ]);
  });

  it('reports a rank mismatch', () => {
    expect(checkSignature(withShape([-1, 5, 6]), graph())[0]?.path).toEqual(['inputs', 0, 'shape']);
  });

  it('rejects a declared dynamic dimension where the model is fixed', () => {
    expect(checkSignature(declared, graph([{ ...actual, shape: [1, 30] }]))).toHaveLength(1);
  });
});

describe('checkSignature: several inputs and declared outputs (Silero VAD v5)', () => {
  const vad: ModelSignature = {
    inputs: [
      { name: 'input', dtype: 'float32', shape: ['batch', 'samples'], batchDim: 0, maxBatch: 64 },
      { name: 'state', dtype: 'float32', shape: [2, 'batch', 128], batchDim: 1, maxBatch: 64 },
      { name: 'sr', dtype: 'int64', shape: [], maxBatch: 64 },
    ],
    outputs: [
      { name: 'output', dtype: 'float32', shape: ['batch', 1] },
      { name: 'stateN', dtype: 'float32', shape: [2, 'batch', 128] },
    ],
  };
  // As onnx-graph-info reads silero_vad_v5.onnx: unnamed symbolic dims read as null.
  const real = {
    inputs: [
      { name: 'input', dtype: 'float32', shape: [null, null] },
      { name: 'state', dtype: 'float32', shape: [2, null, 128] },
      { name: 'sr', dtype: 'int64', shape: [] },
    ],
    outputs: [
      { name: 'output', dtype: 'float32', shape: [null, 1] },
      { name: 'stateN', dtype: 'float32', shape: [null, null, null] },
    ],
  };

  it('accepts the real signature', () => {
    expect(checkSignature(vad, real)).toEqual([]);
  });

  it('reports every mismatch, inputs and outputs, each at its own path', () => {
    const wrong: ModelSignature = {
      inputs: [vad.inputs[0]!, { ...vad.inputs[1]!, shape: [2, 'batch', 64] }, { ...vad.inputs[2]!, dtype: 'int32' }],
      outputs: [{ name: 'output', dtype: 'float32', shape: ['batch', 1] }],
    };
    expect(checkSignature(wrong, real).map((f) => f.path.join('.'))).toEqual([
      'inputs.1.shape',
      'inputs.2.dtype',
      'outputs',
    ]);
  });

  it('says when the model uses a type ONNX Runtime for Node cannot carry', () => {
    const bf16 = { inputs: [{ ...real.inputs[2]!, dtype: 'bfloat16' }], outputs: [] };
    expect(checkSignature({ inputs: [vad.inputs[2]!] }, bf16)[0]?.message).toContain('cannot carry it');
  });
});

describe('neoDataInputConfig', () => {
  it('gives Neo the input name and the shape compiled for the largest batch the API accepts', () => {
    expect(neoDataInputConfig(declared)).toBe(`{"features":[${declared.inputs[0]!.maxBatch},30]}`);
  });

  it('gives every input of a multi-input model, scalars as []', () => {
    const sig: ModelSignature = {
      inputs: [
        { name: 'input', dtype: 'float32', shape: ['batch', 512], batchDim: 0, maxBatch: 8 },
        { name: 'sr', dtype: 'int64', shape: [], maxBatch: 64 },
      ],
    };
    expect(JSON.parse(neoDataInputConfig(sig))).toEqual({ input: [8, 512], sr: [] });
  });
});

describe('checkTarget: what is not a SageMaker instance target', () => {
  it.each(['jetson_nano', 'xml_c5', 'ml_c5-x', 'ml_', 'ML_C5'])('%s', (target) => {
    expect(checkTarget(target, 'ml.c5.xlarge')).toEqual([
      { path: ['compile', 'target'], message: `"${target}" is not a SageMaker instance target (ml_<family>)` },
    ]);
  });

  it.each(['ml.c5', 'c5.xlarge', 'xml.c5.xlarge'])('an instance type %s names no family to suggest', (instanceType) => {
    expect(checkTarget('ml_c5', instanceType)).toEqual([
      {
        path: ['compile', 'target'],
        message: `Neo target ml_c5 does not match endpoint instance type ${instanceType} (use a target matching it)`,
      },
    ]);
  });
});

describe('checkSignature: messages', () => {
  it('says "none" when the model has no inputs', () => {
    expect(checkSignature(declared, { inputs: [], outputs: [] })).toEqual([
      { path: ['inputs', 0, 'name'], message: 'the model has no input "features" (its inputs: none)' },
    ]);
  });

  it('lists every input of the model when a declared one is missing', () => {
    const mask = { name: 'mask', dtype: 'bool', shape: [null, 30] };
    expect(checkSignature(oneInput('x', 'float32', [-1, 30]), graph([actual, mask]))[0]).toEqual({
      path: ['inputs', 0, 'name'],
      message: 'the model has no input "x" (its inputs: "features", "mask")',
    });
  });

  it('takes a graph input without a shape as matching any declared shape', () => {
    expect(checkSignature(declared, graph([{ name: 'features', dtype: 'float32' }]))).toEqual([]);
  });

  it('describes an undeclared input without a shape', () => {
    expect(checkSignature(declared, graph([actual, { name: 'mask', dtype: 'bool' }]))).toEqual([
      { path: ['inputs'], message: 'the model also has input "mask" (bool (no shape)); declare it' },
    ]);
  });

  it('counts the dimensions on a rank mismatch', () => {
    expect(checkSignature(withShape([-1, 5, 6]), graph())).toEqual([
      {
        path: ['inputs', 0, 'shape'],
        message: `models.yaml says [-1, 5, 6], the model's input "features" is [?, 30]: 3 dimensions declared, 2 in the model`,
      },
    ]);
  });

  it.each([
    [[-1, 30], [4, 30], 'dimension 0 is fixed at 4 in the model'],
    [['batch', 30], [4, 30], 'dimension 0 is fixed at 4 in the model'],
    [[-1, 30], [null, 31], 'dimension 1 is 31 in the model'],
  ])('declared %j against the model %j: %s', (shape, real, problem) => {
    const failures = checkSignature(withShape(shape), graph([{ ...actual, shape: real }]));
    expect(failures.map((f) => f.message)).toEqual([
      `models.yaml says [${shape.join(', ')}], the model's input "features" is [${real.map((d) => d ?? '?').join(', ')}]: ${problem}`,
    ]);
  });

  it.each([
    [
      ['batch', 30],
      ['n', 30],
    ],
    [
      [8, 30],
      ['n', 30],
    ],
    [
      [4, 30],
      [4, 30],
    ],
  ])('accepts declared %j where the model has %j', (shape, real) => {
    expect(checkSignature(withShape(shape), graph([{ ...actual, shape: real }]))).toEqual([]);
  });

  it('checks declared outputs by name, dtype and shape', () => {
    const sig: ModelSignature = { ...declared, outputs: [{ name: 'probability', dtype: 'float64', shape: [-1, 2] }] };
    expect(checkSignature(sig, graph())).toEqual([
      {
        path: ['outputs', 0, 'dtype'],
        message: `models.yaml says float64, the model's output "probability" is float32`,
      },
      {
        path: ['outputs', 0, 'shape'],
        message: `models.yaml says [-1, 2], the model's output "probability" is [batch, 1]: dimension 1 is 1 in the model`,
      },
    ]);
  });

  it('leaves outputs alone when none are declared', () => {
    expect(checkSignature(declared, graph([actual], [{ name: 'other', dtype: 'int8', shape: [1] }]))).toEqual([]);
  });
});

describe('PrecheckError', () => {
  it('lists each failure under the model name', () => {
    const error = new PrecheckError('fraud-detector', [
      { path: ['compile', 'target'], message: 'wrong target' },
      { path: ['inputs', 0, 'shape'], message: 'wrong shape' },
    ]);
    expect(error.name).toBe('PrecheckError');
    expect(error.message).toBe(
      'fraud-detector: compile.target: wrong target\nfraud-detector: inputs.0.shape: wrong shape',
    );
  });
});

describe('neoDataInputConfig: dynamic sizes', () => {
  it('compiles the batch dimension as maxBatch and every other dynamic or non-positive size as 1', () => {
    const sig: ModelSignature = {
      inputs: [{ name: 'x', dtype: 'float32', shape: [2, 'batch', -1, 'n', 0, 7], batchDim: 1, maxBatch: 16 }],
    };
    expect(neoDataInputConfig(sig)).toBe('{"x":[2,16,1,1,1,7]}');
  });
});
