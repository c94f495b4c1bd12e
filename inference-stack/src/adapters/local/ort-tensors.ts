// Conversions between the ModelHost's plain arrays and ONNX Runtime tensors.
import * as ort from 'onnxruntime-node';
import type { TensorInput, TensorOutput } from '../../ports/model-host.ts';

export function toOrtTensor(input: TensorInput): ort.Tensor {
  const dims = [...input.shape];
  switch (input.dtype) {
    case 'float32':
      return new ort.Tensor('float32', Float32Array.from(input.data), dims);
    case 'float64':
      return new ort.Tensor('float64', Float64Array.from(input.data), dims);
    case 'int32':
      return new ort.Tensor('int32', Int32Array.from(input.data), dims);
    case 'int64':
      return new ort.Tensor(
        'int64',
        BigInt64Array.from(input.data, (v) => BigInt(Math.trunc(v))),
        dims,
      );
  }
}

export function toOutputs(results: ort.InferenceSession.OnnxValueMapType): Record<string, TensorOutput> {
  const outputs: Record<string, TensorOutput> = {};
  for (const [name, value] of Object.entries(results)) {
    const tensor = value as ort.Tensor;
    const data = tensor.data as ArrayLike<number | bigint>;
    outputs[name] = { shape: [...tensor.dims], data: Array.from(data, (v) => Number(v)) };
  }
  return outputs;
}
