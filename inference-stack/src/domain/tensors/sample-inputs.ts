// A valid request body's `inputs` for any signature, for synthetic traffic and the printed curl
// lines: one row of batch, named dimensions equal across inputs, values of each input's dtype.
import type { Dtype, ModelSignature } from '../../../../model-registry/src/domain/manifest/types.ts';

/** Size of a dynamic dimension that is not the batch (a sequence length, an image side). */
const DYNAMIC_SIZE = 4;

export function sampleInputs(signature: ModelSignature, random: () => number = () => 0.5): Record<string, unknown> {
  const inputs: Record<string, unknown> = {};
  for (const input of signature.inputs) {
    const shape = input.shape.map((d, i) =>
      i === input.batchDim ? 1 : typeof d === 'number' && d > 0 ? d : DYNAMIC_SIZE,
    );
    inputs[input.name] = nest(shape, () => sampleValue(input.dtype, random));
  }
  return inputs;
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
