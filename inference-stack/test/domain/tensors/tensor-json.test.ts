import { describe, expect, it } from 'vitest';
import {
  decodeInvokeRequest,
  decodeInvokeResponse,
  encodeInvokeRequest,
  encodeInvokeResponse,
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
