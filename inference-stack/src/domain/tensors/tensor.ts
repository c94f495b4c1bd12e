// Named tensors: what a request carries to a model and what the model answers, on every path
// (API body, stored request and result, model host, the SageMaker container's body).
import type { Dtype } from '../../../../model-registry/src/domain/manifest/types.ts';

/**
 * One tensor, row-major. Element representation per dtype, the same in memory and in JSON:
 * floats are numbers (JSON carries NaN/Infinity as the strings "NaN", "Infinity", "-Infinity");
 * int8..uint32 are numbers; int64/uint64 are decimal strings (exact beyond 2^53, as protobuf's JSON
 * mapping does); bool are booleans; string are strings.
 */
export interface Tensor {
  readonly dtype: Dtype;
  readonly shape: readonly number[];
  readonly data: readonly TensorElement[];
}

export type TensorElement = number | string | boolean;
export type NamedTensors = Readonly<Record<string, Tensor>>;

/** A problem with one field of a request, e.g. `inputs.state[0][1]: must be a finite number`. */
export interface FieldError {
  readonly path: string;
  readonly message: string;
}

export const FLOAT_DTYPES: readonly Dtype[] = ['float16', 'float32', 'float64'];
export const WIDE_INT_DTYPES: readonly Dtype[] = ['int64', 'uint64'];

export function elementCount(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

export const formatErrors = (errors: readonly FieldError[]) => errors.map((e) => `${e.path}: ${e.message}`).join('; ');
