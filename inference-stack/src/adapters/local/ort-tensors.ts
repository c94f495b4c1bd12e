// Conversions between named tensors (the ModelHost's plain arrays) and ONNX Runtime tensors.
import * as ort from 'onnxruntime-node';
import type { NamedTensors, Tensor } from '../../domain/tensors/tensor.ts';
import { fromFloat16Bits, toFloat16Bits } from './float16-bits.ts';

export function toOrtTensor(tensor: Tensor): ort.Tensor {
  const dims = [...tensor.shape];
  const data = tensor.data;
  switch (tensor.dtype) {
    case 'float32':
      return new ort.Tensor('float32', Float32Array.from(data as number[]), dims);
    case 'float64':
      return new ort.Tensor('float64', Float64Array.from(data as number[]), dims);
    case 'float16':
      return new ort.Tensor('float16', Uint16Array.from(data as number[], toFloat16Bits), dims);
    case 'int8':
      return new ort.Tensor('int8', Int8Array.from(data as number[]), dims);
    case 'uint8':
      return new ort.Tensor('uint8', Uint8Array.from(data as number[]), dims);
    case 'int16':
      return new ort.Tensor('int16', Int16Array.from(data as number[]), dims);
    case 'uint16':
      return new ort.Tensor('uint16', Uint16Array.from(data as number[]), dims);
    case 'int32':
      return new ort.Tensor('int32', Int32Array.from(data as number[]), dims);
    case 'uint32':
      return new ort.Tensor('uint32', Uint32Array.from(data as number[]), dims);
    case 'int64':
      return new ort.Tensor(
        'int64',
        BigInt64Array.from(data, (v) => BigInt(v as string | number)),
        dims,
      );
    case 'uint64':
      return new ort.Tensor(
        'uint64',
        BigUint64Array.from(data, (v) => BigInt(v as string | number)),
        dims,
      );
    case 'bool':
      return new ort.Tensor(
        'bool',
        Uint8Array.from(data, (v) => (v ? 1 : 0)),
        dims,
      );
    case 'string':
      return new ort.Tensor('string', data as string[], dims);
  }
}

export function toOrtFeeds(inputs: NamedTensors): Record<string, ort.Tensor> {
  return Object.fromEntries(Object.entries(inputs).map(([name, t]) => [name, toOrtTensor(t)]));
}

export class UnsupportedOutputError extends Error {
  override readonly name = 'UnsupportedOutputError';
}

export function fromOrtTensor(name: string, tensor: ort.Tensor): Tensor {
  const shape = [...tensor.dims];
  const raw = tensor.data as ArrayLike<number | bigint | string>;
  switch (tensor.type) {
    case 'float32':
    case 'float64':
    case 'int8':
    case 'uint8':
    case 'int16':
    case 'uint16':
    case 'int32':
    case 'uint32':
      return { dtype: tensor.type, shape, data: Array.from(raw as ArrayLike<number>) };
    case 'float16':
      return { dtype: 'float16', shape, data: Array.from(raw as ArrayLike<number>, fromFloat16Bits) };
    case 'int64':
    case 'uint64':
      return { dtype: tensor.type, shape, data: Array.from(raw as ArrayLike<bigint>, (v) => v.toString()) };
    case 'bool':
      return { dtype: 'bool', shape, data: Array.from(raw as ArrayLike<number>, (v) => v !== 0) };
    case 'string':
      return { dtype: 'string', shape, data: Array.from(raw as ArrayLike<string>) };
    default:
      throw new UnsupportedOutputError(`output ${name} has type ${tensor.type}, which this host cannot return`);
  }
}

export function fromOrtOutputs(results: ort.InferenceSession.OnnxValueMapType): Record<string, Tensor> {
  const outputs: Record<string, Tensor> = {};
  for (const [name, value] of Object.entries(results)) outputs[name] = fromOrtTensor(name, value as ort.Tensor);
  return outputs;
}
