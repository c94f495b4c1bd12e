import { describe, expect, it } from 'vitest';
import type { ModelSignature } from '../../../../model-registry/src/domain/manifest/types.ts';
import { oneInput } from '../../../../model-registry/test/support/one-input.ts';
import { readRequestInputs } from '../../../src/domain/tensors/read-request-inputs.ts';

const features = oneInput('features', 'float32', [-1, 3], 2);
const ids = oneInput('ids', 'int32', [-1, 2], 4);
// Silero VAD v5's signature, as models.yaml declares it.
const vad: ModelSignature = {
  inputs: [
    { name: 'input', dtype: 'float32', shape: ['batch', 'samples'], batchDim: 0, maxBatch: 4 },
    { name: 'state', dtype: 'float32', shape: [2, 'batch', 128], batchDim: 1, maxBatch: 4 },
    { name: 'sr', dtype: 'int64', shape: [], maxBatch: 64 },
  ],
};
const state = (batch: number) =>
  Array.from({ length: 2 }, () => Array.from({ length: batch }, () => new Array(128).fill(0)));

const errorsOf = (value: unknown, signature: ModelSignature) => {
  const read = readRequestInputs(value, signature);
  return read.ok ? [] : read.errors.map((e) => `${e.path}: ${e.message}`);
};

describe('readRequestInputs: the single-input body of before', () => {
  it('reads rows as the one input, with its shape', () => {
    const read = readRequestInputs(
      [
        [1, 2, 3],
        [4, 5, 6],
      ],
      features,
    );
    expect(read).toEqual({
      ok: true,
      tensors: { features: { dtype: 'float32', shape: [2, 3], data: [1, 2, 3, 4, 5, 6] } },
    });
  });

  it.each([
    ['not an array or object', 5, 'inputs: must be an object of named tensors (features)'],
    ['an empty batch', [], 'inputs.features: has shape [0]; features is [-1, 3] (2 dimensions)'],
    [
      'a batch above maxBatch',
      [
        [1, 2, 3],
        [1, 2, 3],
        [1, 2, 3],
      ],
      'inputs.features: batch of 3 exceeds maxBatch 2',
    ],
    ['a row of the wrong width', [[1, 2]], 'inputs.features: dimension 1 is 2; features is [-1, 3]'],
    [
      'a ragged batch',
      [
        [1, 2, 3],
        [1, 2],
      ],
      'inputs.features[1]: has 2 items; its siblings have 3',
    ],
    ['a string cell', [[1, '2', 3]], 'inputs.features[0][1]: must be a finite number'],
    ['a null cell', [[1, null, 3]], 'inputs.features[0][1]: must be a finite number'],
  ])('rejects %s', (_name, value, message) => {
    expect(errorsOf(value, features).join('\n')).toContain(message);
  });

  it.each([
    ['a fraction for int32', [[1, 2.5]], 'inputs.ids[0][1]: must be an integer (int32)'],
    ['an int32 overflow', [[1, 2 ** 31]], 'inputs.ids[0][1]: is out of range for int32 (-2147483648..2147483647)'],
  ])('rejects %s', (_name, value, message) => {
    expect(errorsOf(value, ids)).toEqual([message]);
  });

  it('still takes flat rows for a rank-3 input, as the old body did', () => {
    const read = readRequestInputs([[1, 2, 3, 4, 5, 6]], oneInput('img', 'float32', [-1, 2, 3]));
    expect(read.ok && read.tensors.img).toEqual({ dtype: 'float32', shape: [1, 2, 3], data: [1, 2, 3, 4, 5, 6] });
  });

  it('refuses the rows body for a model with several inputs, naming them', () => {
    expect(errorsOf([[1]], vad)).toEqual([
      'inputs: this model takes named inputs (input, state, sr): send {"inputs": {"<name>": ...}}',
    ]);
  });
});

describe('readRequestInputs: named tensors', () => {
  it('reads nested arrays, a scalar and int64 as exact decimal strings', () => {
    const read = readRequestInputs({ input: [[0.1, 0.2, 0.3]], state: state(1), sr: 16000 }, vad);
    expect(read.ok).toBe(true);
    if (!read.ok) return;
    expect(read.tensors.input).toEqual({ dtype: 'float32', shape: [1, 3], data: [0.1, 0.2, 0.3] });
    expect(read.tensors.state?.shape).toEqual([2, 1, 128]);
    expect(read.tensors.sr).toEqual({ dtype: 'int64', shape: [], data: ['16000'] });
  });

  it('reads the explicit {dtype, shape, data} form, int64 beyond 2^53 from a string without loss', () => {
    const sig: ModelSignature = { inputs: [{ name: 'ids', dtype: 'int64', shape: [-1, 2], batchDim: 0, maxBatch: 8 }] };
    const read = readRequestInputs({ ids: { dtype: 'int64', shape: [1, 2], data: ['9007199254740993', -3] } }, sig);
    expect(read).toEqual({
      ok: true,
      tensors: { ids: { dtype: 'int64', shape: [1, 2], data: ['9007199254740993', '-3'] } },
    });
  });

  it('refuses an int64 JSON number that JSON has already rounded', () => {
    const sig: ModelSignature = { inputs: [{ name: 'n', dtype: 'int64', shape: [], maxBatch: 1 }] };
    expect(errorsOf({ n: 2 ** 53 + 2 }, sig)[0]).toContain('send int64 values beyond 2^53 as decimal strings');
  });

  it.each([
    ['bool', [true, false], [true, false], [1, true]],
    ['string', ['a', 'bé'], ['a', 'bé'], [1, 'b']],
    ['uint8', [0, 255], [0, 255], [0, 256]],
    ['float16', [0.5, 'NaN'], [0.5, Number.NaN], [0.5, 'nan']],
    ['uint64', ['18446744073709551615', 0], ['18446744073709551615', '0'], [-1, 0]],
  ] as const)('reads %s elements and refuses wrong ones', (dtype, good, stored, bad) => {
    const sig: ModelSignature = { inputs: [{ name: 'x', dtype, shape: [2], maxBatch: 1 }] };
    const read = readRequestInputs({ x: good }, sig);
    expect(read.ok && read.tensors.x?.data).toEqual(stored);
    expect(errorsOf({ x: bad }, sig)).toHaveLength(1);
  });

  it('reports every problem with its field path: missing, unknown (with a suggestion), shape, named dim', () => {
    expect(errorsOf({ input: [[1, 2]], stat: state(1) }, vad)).toEqual([
      'inputs.stat: unknown input (did you mean "state"?) (inputs: input, state, sr)',
      'inputs.state: is required (float32 [2, batch, 128])',
      'inputs.sr: is required (int64 [])',
    ]);
    expect(errorsOf({ input: [[1, 2]], state: state(2), sr: [16000] }, vad)).toEqual([
      'inputs.state: dimension 1 (batch) is 2 but batch is 1 at inputs.input dimension 0',
      'inputs.sr: has shape [1]; sr is [] (0 dimensions)',
    ]);
  });

  it('checks the explicit form: dtype, data length and unknown fields', () => {
    expect(
      errorsOf(
        { x: { dtype: 'float64', shape: [2], data: [1], extra: 1 } },
        { inputs: [{ name: 'x', dtype: 'float32', shape: [2], maxBatch: 1 }] },
      ),
    ).toEqual([
      'inputs.x.extra: unknown field (dtype, shape, data)',
      'inputs.x.dtype: is "float64"; this input is float32',
    ]);
    expect(
      errorsOf(
        { x: { shape: [2], data: [1] } },
        { inputs: [{ name: 'x', dtype: 'float32', shape: [2], maxBatch: 1 }] },
      ),
    ).toEqual(['inputs.x.data: has 1 values; shape [2] needs 2']);
  });

  it('caps the list of errors', () => {
    const big = Array.from({ length: 50 }, () => 'x');
    const sig: ModelSignature = { inputs: [{ name: 'v', dtype: 'float32', shape: [50], maxBatch: 1 }] };
    expect(errorsOf({ v: big }, sig)).toHaveLength(20);
  });
});
