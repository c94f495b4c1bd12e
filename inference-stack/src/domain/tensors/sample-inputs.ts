// A valid request body's `inputs` for any signature, for synthetic traffic and the printed curl
// lines: one row of batch, named dimensions equal across inputs, values of each input's dtype.
import type { Dtype, InputSpec, ModelSignature } from '../../../../model-registry/src/domain/manifest/types.ts';
import { elementCount, type NamedTensors, type Tensor, type TensorElement } from './tensor.ts';

/** Size of a dynamic dimension that is not the batch (a sequence length, an image side). */
const DYNAMIC_SIZE = 4;

export function sampleInputs(signature: ModelSignature, random: () => number = () => 0.5): Record<string, unknown> {
  const inputs: Record<string, unknown> = {};
  for (const input of signature.inputs)
    inputs[input.name] = nest(sampleShape(input), () => sampleValue(input.dtype, random));
  return inputs;
}

/** The same, as explicit tensors: the body the serving container takes (serving/invoke-body.ts). */
export function sampleTensors(signature: ModelSignature, random: () => number = () => 0.5): NamedTensors {
  const tensors: Record<string, Tensor> = {};
  for (const input of signature.inputs) {
    const shape = sampleShape(input);
    const data = Array.from({ length: elementCount(shape) }, () => sampleValue(input.dtype, random) as TensorElement);
    // int64/uint64 elements are decimal strings in a tensor (exact beyond 2^53).
    const wide = input.dtype === 'int64' || input.dtype === 'uint64';
    tensors[input.name] = { dtype: input.dtype, shape, data: wide ? data.map(String) : data };
  }
  return tensors;
}

function sampleShape(input: InputSpec): number[] {
  return input.shape.map((d, i) => (i === input.batchDim ? 1 : typeof d === 'number' && d > 0 ? d : DYNAMIC_SIZE));
}

function nest(shape: readonly number[], value: () => unknown): unknown {
  if (shape.length === 0) return value();
  return Array.from({ length: shape[0]! }, () => nest(shape.slice(1), value));
}

function sampleValue(dtype: Dtype, random: () => number): unknown {
  switch (dtype) {
    case 'float16':
    case 'float32':
    case 'float64':
      return Math.round(random() * 100) / 100;
    case 'bool':
      return random() < 0.5;
    case 'string':
      return 'text';
    default:
      return Math.floor(random() * 4);
  }
}
