import { describe, expect, it } from 'vitest';
import {
  decodeInvokeRequest,
  decodeInvokeResponse,
  decodeTensors,
  encodeInvokeRequest,
  encodeInvokeResponse,
  type TensorsDecode,
  toJsonTensor,
  toJsonTensors,
} from '../../../src/domain/tensors/tensor-json.ts';

describe('the model host body: named tensors as JSON', () => {
  it('round-trips every kind of element, NaN and Infinity as strings, int64 exact', () => {
    const inputs = {
      input: { dtype: 'float32' as const, shape: [1, 3], data: [0.5, Number.NaN, -Infinity] },
      sr: { dtype: 'int64' as const, shape: [], data: ['9223372036854775807'] },
      mask: { dtype: 'bool' as const, shape: [2], data: [true, false] },
      text: { dtype: 'string' as const, shape: [1], data: ['héllo'] },
    };
    const text = encodeInvokeRequest(inputs);
    expect(JSON.parse(text).inputs.input.data).toEqual([0.5, 'NaN', '-Infinity']);
    expect(decodeInvokeRequest(text)).toEqual({ ok: true, tensors: inputs });
    expect(decodeInvokeResponse(encodeInvokeResponse(inputs))).toEqual({ ok: true, tensors: inputs });
  });

  it.each([
    ['not JSON', '{', ': body is not JSON'],
    ['no inputs', '{}', 'inputs: must be an object of named tensors'],
    [
      'an unknown dtype',
      '{"inputs":{"x":{"dtype":"bfloat16","shape":[1],"data":[1]}}}',
      'inputs.x.dtype: must be one of',
    ],
    [
      'a data length off the shape',
      '{"inputs":{"x":{"dtype":"float32","shape":[2],"data":[1]}}}',
      'inputs.x.data: must be a flat array of 2 values',
    ],
    [
      'a bad element',
      '{"inputs":{"x":{"dtype":"uint8","shape":[1],"data":[300]}}}',
      'inputs.x.data[0]: is out of range for uint8',
    ],
  ])('refuses %s with the field path', (_name, text, message) => {
    const decoded = decodeInvokeRequest(text);
    expect(decoded.ok).toBe(false);
    expect(decoded.ok ? '' : decoded.errors.map((e) => `${e.path}: ${e.message}`).join('\n')).toContain(message);
  });
});

const errorsOf = (decoded: TensorsDecode) => (decoded.ok ? [] : decoded.errors.map((e) => `${e.path}: ${e.message}`));

describe('toJsonTensor: NaN and the infinities of a float tensor travel as strings', () => {
  it.each(['float16', 'float32', 'float64'] as const)('%s', (dtype) => {
    expect(toJsonTensor({ dtype, shape: [2, 2], data: [Number.NaN, Infinity, -Infinity, 0.25] })).toEqual({
      dtype,
      shape: [2, 2],
      data: ['NaN', 'Infinity', '-Infinity', 0.25],
    });
  });

  it('leaves the elements of other dtypes as they are, "NaN" strings too', () => {
    expect(toJsonTensor({ dtype: 'string', shape: [2], data: ['NaN', 'Infinity'] }).data).toEqual(['NaN', 'Infinity']);
    expect(toJsonTensor({ dtype: 'int64', shape: [1], data: ['-9223372036854775808'] }).data).toEqual([
      '-9223372036854775808',
    ]);
    expect(toJsonTensor({ dtype: 'int32', shape: [2], data: [-5, 7] }).data).toEqual([-5, 7]);
  });

  it('maps every named tensor', () => {
    expect(
      toJsonTensors({
        a: { dtype: 'float32', shape: [1], data: [Number.NaN] },
        b: { dtype: 'bool', shape: [], data: [true] },
      }),
    ).toEqual({ a: { dtype: 'float32', shape: [1], data: ['NaN'] }, b: { dtype: 'bool', shape: [], data: [true] } });
  });
});

describe('decoding a body', () => {
  it.each([
    ['null', 'null'],
    ['an array of tensors', '{"inputs":[]}'],
    ['a null map', '{"inputs":null}'],
    ['a number', '{"inputs":5}'],
  ])('refuses %s as the inputs', (_name, text) => {
    expect(decodeInvokeRequest(text)).toEqual({
      ok: false,
      errors: [{ path: 'inputs', message: 'must be an object of named tensors' }],
    });
  });

  it('reads a response from its outputs, not its inputs', () => {
    expect(errorsOf(decodeInvokeResponse('{"inputs":{}}'))).toEqual(['outputs: must be an object of named tensors']);
    expect(decodeInvokeResponse('{"outputs":{}}')).toEqual({ ok: true, tensors: {} });
  });

  it('refuses text that is not JSON with an empty path', () => {
    expect(decodeInvokeResponse('{"outputs":')).toEqual({
      ok: false,
      errors: [{ path: '', message: 'body is not JSON' }],
    });
  });
});

describe('decodeTensors: each tensor checked, every bad one reported under its path', () => {
  it('reports each bad tensor once, at its first problem, and keeps none of them', () => {
    const decoded = decodeTensors(
      {
        ok: { dtype: 'int64', shape: [], data: [5] },
        none: null,
        scalar: 3,
        dtype: { dtype: 'bfloat16', shape: [1], data: [1] },
        negative: { dtype: 'float32', shape: [-1], data: [] },
        fraction: { dtype: 'float32', shape: [1.5], data: [1] },
        huge: { dtype: 'float32', shape: [2 ** 53], data: [] },
        noShape: { dtype: 'float32', data: [] },
        noData: { dtype: 'float32', shape: [2] },
        short: { dtype: 'float32', shape: [2, 3], data: [1, 2, 3, 4, 5] },
        elements: { dtype: 'uint8', shape: [3], data: [1, -1, 256] },
      },
      'stable.outputs',
    );

    expect(errorsOf(decoded)).toEqual([
      'stable.outputs.none: must be {dtype, shape, data}',
      'stable.outputs.scalar: must be {dtype, shape, data}',
      'stable.outputs.dtype.dtype: must be one of float32 | float64 | float16 | int8 | uint8 | int16 | uint16 | int32 | uint32 | int64 | uint64 | bool | string',
      'stable.outputs.negative.shape: must be a list of non-negative integers',
      'stable.outputs.fraction.shape: must be a list of non-negative integers',
      'stable.outputs.huge.shape: must be a list of non-negative integers',
      'stable.outputs.noShape.shape: must be a list of non-negative integers',
      'stable.outputs.noData.data: must be a flat array of 2 values',
      'stable.outputs.short.data: must be a flat array of 6 values',
      'stable.outputs.elements.data[1]: is out of range for uint8 (0..255)',
    ]);
  });

  it('reads a scalar, an empty tensor and int64 numbers as decimal strings', () => {
    expect(
      decodeTensors(
        {
          sr: { dtype: 'int64', shape: [], data: [16000] },
          empty: { dtype: 'float32', shape: [0, 3], data: [] },
        },
        'inputs',
      ),
    ).toEqual({
      ok: true,
      tensors: {
        sr: { dtype: 'int64', shape: [], data: ['16000'] },
        empty: { dtype: 'float32', shape: [0, 3], data: [] },
      },
    });
  });
});
