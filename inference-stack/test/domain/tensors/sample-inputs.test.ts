// Sample inputs for synthetic traffic and the printed curl lines: one row of batch, dynamic dimensions
// of 4, fixed ones as declared, values of each input's dtype drawn from the injected random source.
import { describe, expect, it } from 'vitest';
import type { Dtype, ModelSignature } from '../../../../model-registry/src/domain/manifest/types.ts';
import { sampleInputs, sampleTensors } from '../../../src/domain/tensors/sample-inputs.ts';

// Silero VAD v5's signature, as models.yaml declares it.
const vad: ModelSignature = {
  inputs: [
    { name: 'input', dtype: 'float32', shape: ['batch', 'samples'], batchDim: 0, maxBatch: 4 },
    { name: 'state', dtype: 'float32', shape: [2, 'batch', 128], batchDim: 1, maxBatch: 4 },
    { name: 'sr', dtype: 'int64', shape: [], maxBatch: 64 },
  ],
};
const one = (dtype: Dtype, shape: (number | string)[] = [1], batchDim?: number): ModelSignature => ({
  inputs: [{ name: 'x', dtype, shape, ...(batchDim === undefined ? {} : { batchDim }), maxBatch: 8 }],
});
const zeros = (n: number, v: unknown) => new Array(n).fill(v);

describe('sampleInputs: nested arrays, as a caller sends them', () => {
  it('gives Silero VAD one row of batch, 4 samples, its 2x1x128 state and a scalar sample rate', () => {
    const inputs = sampleInputs(vad);

    expect(inputs.input).toEqual([[0.5, 0.5, 0.5, 0.5]]);
    expect(inputs.state).toEqual([[zeros(128, 0.5)], [zeros(128, 0.5)]]);
    expect(inputs.sr).toBe(2);
    expect(Object.keys(inputs)).toEqual(['input', 'state', 'sr']);
  });

  it.each([
    ['a dynamic (-1) dimension after the batch', [-1, -1], 0, [1, 4]],
    ['a zero-sized dimension', [-1, 0], 0, [1, 4]],
    ['a fixed dimension', [-1, 3], 0, [1, 3]],
    ['a batch dimension with a fixed size', [8, 2], 0, [1, 2]],
    ['no batch dimension at all', [-1, 2], undefined, [4, 2]],
  ] as const)('sizes %s', (_name, shape, batchDim, expected) => {
    const x = sampleInputs(one('float32', [...shape], batchDim)).x as unknown[][];

    expect([x.length, x[0]!.length]).toEqual(expected);
  });

  it('sizes a dimension named Infinity as a name, not as a number', () => {
    expect(sampleInputs(one('float32', ['batch', 'Infinity'], 0))).toEqual({ x: [[0.5, 0.5, 0.5, 0.5]] });
  });

  it('gives a scalar input a bare value', () => {
    expect(sampleInputs(one('int32', []), () => 0.5).x).toBe(2);
  });
});

describe('sample values of each dtype', () => {
  it.each([
    ['float16', 0.126, 0.13],
    ['float32', 0.124, 0.12],
    ['float64', 0.996, 1],
    ['int8', 0.99, 3],
    ['uint32', 0.25, 1],
    ['int16', 0, 0],
    ['bool', 0.4999, true],
    ['bool', 0.5, false],
    ['string', 0.9, 'text'],
  ] as const)('%s from a draw of %d is %s', (dtype, draw, expected) => {
    expect(sampleInputs(one(dtype), () => draw).x).toEqual([expected]);
  });

  it('draws a fresh value for every element', () => {
    let n = 0;
    const draws = [0.1, 0.2, 0.3];

    expect(sampleInputs(one('float32', [3]), () => draws[n++]!).x).toEqual([0.1, 0.2, 0.3]);
  });
});

describe('sampleTensors: explicit tensors, as the serving container takes them', () => {
  it('gives Silero VAD its shapes, flat data, and the int64 sample rate as a decimal string', () => {
    const tensors = sampleTensors(vad);

    expect(tensors.input).toEqual({ dtype: 'float32', shape: [1, 4], data: [0.5, 0.5, 0.5, 0.5] });
    expect(tensors.state).toEqual({ dtype: 'float32', shape: [2, 1, 128], data: zeros(256, 0.5) });
    expect(tensors.sr).toEqual({ dtype: 'int64', shape: [], data: ['2'] });
  });

  it.each([
    ['int64', ['3', '3']],
    ['uint64', ['3', '3']],
    ['int32', [3, 3]],
    ['uint8', [3, 3]],
    ['bool', [false, false]],
  ] as const)('writes %s elements as %j', (dtype, data) => {
    expect(sampleTensors(one(dtype, [2]), () => 0.8).x).toEqual({ dtype, shape: [2], data });
  });
});
