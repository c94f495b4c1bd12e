// Which element types ONNX Runtime for Node (onnxruntime-node 1.30) carries, checked on the real
// runtime: every dtype models.yaml accepts goes in and comes back exactly; the ones it refuses are named.
import { describe, expect, it } from 'vitest';
import { DTYPES, type Dtype } from '../../../model-registry/src/domain/manifest/types.ts';
import { OnnxRuntimeModelHost } from '../../src/adapters/local/onnx-runtime-model-host.ts';
import type { TensorElement } from '../../src/domain/tensors/tensor.ts';
import { ModelInvocationError } from '../../src/ports/model-host.ts';
import { identityOnnxModel, ONNX_TYPES } from '../support/identity-onnx-model.ts';

const T = ONNX_TYPES;
const CASES: Record<Dtype, { type: number; data: TensorElement[] }> = {
  float32: { type: T.FLOAT, data: [0.5, -2, Number.NaN] },
  float64: { type: T.DOUBLE, data: [0.1, 1e300, -Infinity] },
  float16: { type: T.FLOAT16, data: [0.5, -2, 65504] },
  int8: { type: T.INT8, data: [-128, 127, 0] },
  uint8: { type: T.UINT8, data: [0, 255, 7] },
  int16: { type: T.INT16, data: [-32768, 32767, 1] },
  uint16: { type: T.UINT16, data: [0, 65535, 2] },
  int32: { type: T.INT32, data: [-(2 ** 31), 2 ** 31 - 1, 3] },
  uint32: { type: T.UINT32, data: [0, 2 ** 32 - 1, 4] },
  int64: { type: T.INT64, data: ['-9223372036854775808', '9223372036854775807', '9007199254740993'] },
  uint64: { type: T.UINT64, data: ['0', '18446744073709551615', '5'] },
  bool: { type: T.BOOL, data: [true, false, true] },
  string: { type: T.STRING, data: ['a', 'bé', ''] },
};

function hostFor(type: number) {
  const bytes = identityOnnxModel(type);
  return new OnnxRuntimeModelHost({ artifacts: { get: async () => bytes } });
}

describe('ONNX Runtime for Node carries every dtype a signature may declare', () => {
  it('covers the whole list', () => {
    expect(Object.keys(CASES).sort()).toEqual([...DTYPES].sort());
  });

  it.each(DTYPES)('%s goes in and comes back exactly', async (dtype) => {
    const { type, data } = CASES[dtype];
    const host = hostFor(type);
    try {
      const { outputs } = await host.invoke('m', { x: { dtype, shape: [data.length], data } });
      expect(outputs.y).toEqual({ dtype, shape: [data.length], data });
    } finally {
      await host.close();
    }
  });

  it('rounds float16 to the nearest half, as a cast would', async () => {
    const host = hostFor(T.FLOAT16);
    const { outputs } = await host.invoke('m', { x: { dtype: 'float16', shape: [3], data: [0.1, 1e6, 1 + 2 ** -11] } });
    expect(outputs.y?.data).toEqual([0.0999755859375, Infinity, 1]);
    await host.close();
  });

  it.each([
    ['bfloat16', T.BFLOAT16],
    ['complex64', T.COMPLEX64],
  ])('does not carry %s: the model does not even load', async (_name, type) => {
    const host = hostFor(type);
    await expect(host.invoke('m', { x: { dtype: 'float32', shape: [1], data: [1] } })).rejects.toBeInstanceOf(
      ModelInvocationError,
    );
    await host.close();
  });
});
