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

const one = (name: string, shape: (number | string)[], extra: Partial<ModelSignature['inputs'][number]> = {}) => ({
  name,
  dtype: 'float32' as const,
  shape,
  maxBatch: 2,
  ...extra,
});
const sig = (...inputs: ModelSignature['inputs']): ModelSignature => ({ inputs });
const nested = (depth: number): unknown => (depth === 0 ? 0.5 : [nested(depth - 1)]);
const FINITE = 'must be a finite number (or "NaN", "Infinity", "-Infinity") for float32';

describe('readRequestInputs: what the body is', () => {
  it.each([
    ['null', null],
    ['a number', 5],
    ['a string', 'input'],
  ])('refuses %s as the inputs, naming every input', (_name, value) => {
    expect(errorsOf(value, vad)).toEqual(['inputs: must be an object of named tensors (input, state, sr)']);
  });

  it('names the inputs when a name is nowhere near one of them', () => {
    expect(errorsOf({ input: [[0.5]], state: state(1), sr: 16000, zzzzzzzz: 1 }, vad)).toEqual([
      'inputs.zzzzzzzz: unknown input (inputs: input, state, sr)',
    ]);
  });

  it('reads null as a (bad) scalar, not as the explicit form', () => {
    expect(errorsOf({ x: null }, sig(one('x', [])))).toEqual([`inputs.x: ${FINITE}`]);
  });
});

describe('readRequestInputs: nested arrays', () => {
  it('takes 16 dimensions and refuses 17', () => {
    const rank16 = sig(one('x', new Array(16).fill(1)));

    expect(readRequestInputs({ x: nested(16) }, rank16)).toEqual({
      ok: true,
      tensors: { x: { dtype: 'float32', shape: new Array(16).fill(1), data: [0.5] } },
    });
    expect(errorsOf({ x: nested(17) }, rank16)).toEqual(['inputs.x: nests deeper than 16 dimensions']);
  });

  it.each([
    [
      'a row shorter than the first',
      [
        [1, 2, 3],
        [1, 2],
      ],
      'inputs.features[1]: has 2 items; its siblings have 3 (arrays must be rectangular)',
    ],
    [
      'a value among rows',
      [[1, 2, 3], 4],
      'inputs.features[1]: has a value; its siblings have 3 (arrays must be rectangular)',
    ],
    [
      'a cell nested deeper than the first',
      [
        [1, 2, 3],
        [1, 2, [3]],
      ],
      'inputs.features[1][2]: is nested deeper than its siblings (expected 2 dimensions)',
    ],
    ['a bad cell in a row of the wrong width (the cell only)', [[1, 'x', 3, 4]], `inputs.features[0][1]: ${FINITE}`],
  ])('reports %s, and only that', (_name, value, error) => {
    expect(errorsOf(value, features)).toEqual([error]);
  });

  it('takes a batch of exactly maxBatch', () => {
    const read = readRequestInputs(
      [
        [1, 2, 3],
        [4, 5, 6],
      ],
      features,
    );
    expect(read.ok && read.tensors.features?.shape).toEqual([2, 3]);
  });

  it('writes a shape of several dimensions in the rank error', () => {
    expect(errorsOf({ input: [[0.5]], state: state(1), sr: [[1, 2]] }, vad)).toEqual([
      'inputs.sr: has shape [1, 2]; sr is [] (0 dimensions)',
    ]);
  });

  it('does not tie the -1 dimensions of two inputs together, only named ones', () => {
    const read = readRequestInputs({ a: [1, 2], b: [1, 2, 3] }, sig(one('a', [-1]), one('b', [-1])));

    expect(read.ok && [read.tensors.a?.shape, read.tensors.b?.shape]).toEqual([[2], [3]]);
  });
});

describe('readRequestInputs: the explicit {dtype, shape, data} form', () => {
  const x2 = sig(one('x', [2]));

  it.each([
    [
      'a shape that is not a list',
      { shape: '2', data: [1, 2] },
      'inputs.x.shape: must be a list of non-negative integers',
    ],
    [
      'a negative dimension after a good one',
      { shape: [2, -1], data: [] },
      'inputs.x.shape: must be a list of non-negative integers',
    ],
    ['a fractional dimension', { shape: [1.5], data: [1] }, 'inputs.x.shape: must be a list of non-negative integers'],
    [
      'a dimension beyond 2^53',
      { shape: [2 ** 53], data: [] },
      'inputs.x.shape: must be a list of non-negative integers',
    ],
    [
      '17 dimensions',
      { shape: new Array(17).fill(1), data: [1] },
      'inputs.x.shape: must be a list of non-negative integers',
    ],
    [
      '16 dimensions (read, then refused against the signature)',
      { shape: new Array(16).fill(1), data: [1] },
      'inputs.x: has shape [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]; x is [2] (1 dimensions)',
    ],
    ['data that is not a list', { shape: [2], data: '12' }, 'inputs.x.data: must be a flat array of values'],
    ['no data', { shape: [2] }, 'inputs.x.data: must be a flat array of values'],
    ['a bad element', { shape: [2], data: [1, 'a'] }, `inputs.x.data[1]: ${FINITE}`],
    [
      'a bad element in a tensor of the wrong shape (the element only)',
      { shape: [3], data: [1, 'a', 3] },
      `inputs.x.data[1]: ${FINITE}`,
    ],
  ])('refuses %s', (_name, tensor, error) => {
    expect(errorsOf({ x: tensor }, x2)).toEqual([error]);
  });

  it('counts the values a shape of several dimensions needs', () => {
    expect(errorsOf({ features: { shape: [1, 3], data: [1, 2] } }, features)).toEqual([
      'inputs.features.data: has 2 values; shape [1, 3] needs 3',
    ]);
  });

  it('refuses an empty batch, and takes an empty dimension that is not the batch', () => {
    expect(errorsOf({ features: { shape: [0, 3], data: [] } }, features)).toEqual([
      'inputs.features: the batch (dimension 0) is empty',
    ]);
    expect(readRequestInputs({ x: { shape: [1, 0], data: [] } }, sig(one('x', [-1, -1], { batchDim: 0 })))).toEqual({
      ok: true,
      tensors: { x: { dtype: 'float32', shape: [1, 0], data: [] } },
    });
    expect(readRequestInputs({ x: { shape: [0], data: [] } }, sig(one('x', [-1])))).toEqual({
      ok: true,
      tensors: { x: { dtype: 'float32', shape: [0], data: [] } },
    });
  });
});

describe('readRequestInputs: 20 errors at most, the first ones', () => {
  const v30 = sig(one('v', [30]));
  const unknown = { unknown1: 1, unknown2: 1, unknown3: 1, unknown4: 1, unknown5: 1 };
  const bad = new Array(30).fill('x');

  it.each([
    ['nested', bad, 'inputs.v[14]'],
    ['explicit', { shape: [30], data: bad }, 'inputs.v.data[14]'],
  ])('counts the errors before a tensor (%s) toward the 20', (_name, v, last) => {
    const errors = errorsOf({ ...unknown, v }, v30);

    expect(errors).toHaveLength(20);
    expect(errors[4]).toBe('inputs.unknown5: unknown input (inputs: v)');
    expect(errors[19]).toBe(`${last}: ${FINITE}`);
  });

  it('reports the first 20 bad elements of an explicit tensor', () => {
    const errors = errorsOf({ v: { shape: [30], data: bad } }, v30);

    expect(errors).toHaveLength(20);
    expect(errors[0]).toBe(`inputs.v.data[0]: ${FINITE}`);
    expect(errors[19]).toBe(`inputs.v.data[19]: ${FINITE}`);
  });
});

describe('readRequestInputs: flat rows of a rank > 2 input, as the old body sent them', () => {
  const img = oneInput('img', 'float32', [-1, 2, 3]);
  const flat = [1, 2, 3, 4, 5, 6];

  it('folds every row', () => {
    expect(readRequestInputs([flat, [7, 8, 9, 10, 11, 12]], img)).toEqual({
      ok: true,
      tensors: { img: { dtype: 'float32', shape: [2, 2, 3], data: [...flat, 7, 8, 9, 10, 11, 12] } },
    });
  });

  it('takes rows that are already nested as they are', () => {
    const read = readRequestInputs(
      [
        [
          [1, 2, 3],
          [4, 5, 6],
        ],
      ],
      img,
    );
    expect(read.ok && read.tensors.img).toEqual({ dtype: 'float32', shape: [1, 2, 3], data: flat });
  });

  it.each([
    [
      'a nested row beside a flat one',
      [
        flat,
        [
          [1, 2, 3],
          [4, 5, 6],
        ],
      ],
      'inputs.img[1]: has 2 items; its siblings have 6 (arrays must be rectangular)',
    ],
    [
      'a short row',
      [flat, [1, 2, 3, 4, 5]],
      'inputs.img[1]: has 5 items; its siblings have 6 (arrays must be rectangular)',
    ],
    [
      'a string of the row width',
      [flat, 'abcdef'],
      'inputs.img[1]: has a value; its siblings have 6 (arrays must be rectangular)',
    ],
    [
      'a row with a nested cell',
      [[1, 2, 3, 4, 5, [6]]],
      'inputs.img[0][5]: is nested deeper than its siblings (expected 2 dimensions)',
    ],
  ])('leaves the rows as sent when one is not flat and of the width: %s', (_name, rows, error) => {
    expect(errorsOf(rows, img)).toEqual([error]);
  });

  it.each([
    ['a rank-1 input', [-1], [[1], [2]], 'inputs.x: has shape [2, 1]; x is [-1] (1 dimensions)'],
    [
      'inner dimensions that are dynamic',
      [-1, -1, -1],
      [[5]],
      'inputs.x: has shape [1, 1]; x is [-1, -1, -1] (3 dimensions)',
    ],
    ['an inner dimension of 0', [-1, 2, 0], [[]], 'inputs.x: has shape [1, 0]; x is [-1, 2, 0] (3 dimensions)'],
  ])('does not fold %s', (_name, shape, rows, error) => {
    expect(errorsOf(rows, oneInput('x', 'float32', shape))).toEqual([error]);
  });
});
