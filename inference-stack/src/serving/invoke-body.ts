// The one JSON body of a multi-model invocation: what the worker and the sync path send through
// InvokeEndpoint (AWS) or the local endpoint, and what the serving container reads. Tensors are
// named and self-describing ({dtype, shape, data}), so the container needs nothing else to run them.
// Every side goes through these four functions, so a format change is made here once.
import type { Dtype } from '../../../model-registry/src/domain/manifest/types.ts';
import type { TensorInput, TensorOutput } from '../ports/model-host.ts';

export const INVOKE_CONTENT_TYPE = 'application/json';
const DTYPES: readonly Dtype[] = ['float32', 'float64', 'int32', 'int64'];

export class InvalidInvokeBodyError extends Error {
  override readonly name = 'InvalidInvokeBodyError';
}

export function encodeInvokeRequest(input: TensorInput): string {
  return JSON.stringify({ inputs: { [input.name]: { dtype: input.dtype, shape: input.shape, data: input.data } } });
}

/** @throws InvalidInvokeBodyError with a message naming the field at fault. */
export function decodeInvokeRequest(text: string): TensorInput {
  const inputs = field(parse(text), 'inputs');
  const names = Object.keys(inputs);
  if (names.length !== 1) throw new InvalidInvokeBodyError(`inputs: expected one named tensor, got ${names.length}`);
  const name = names[0]!;
  const tensor = field(inputs, name, `inputs.${name}`);
  const dtype = tensor.dtype;
  if (!DTYPES.includes(dtype as Dtype))
    throw new InvalidInvokeBodyError(`inputs.${name}.dtype: expected one of ${DTYPES.join(', ')}`);
  const shape = numbers(tensor.shape, `inputs.${name}.shape`, (v) => Number.isInteger(v) && v >= 0);
  const data = numbers(tensor.data, `inputs.${name}.data`, Number.isFinite);
  const size = shape.reduce((a, b) => a * b, 1);
  if (size !== data.length)
    throw new InvalidInvokeBodyError(`inputs.${name}: shape [${shape}] holds ${size} values, data has ${data.length}`);
  return { name, dtype: dtype as Dtype, shape, data };
}

export function encodeInvokeResponse(outputs: Readonly<Record<string, TensorOutput>>): string {
  return JSON.stringify({ outputs });
}

/** @throws InvalidInvokeBodyError */
export function decodeInvokeResponse(text: string): Record<string, TensorOutput> {
  const outputs = field(parse(text), 'outputs');
  for (const [name, value] of Object.entries(outputs)) {
    const tensor = value as Partial<TensorOutput> | null;
    if (!tensor || !Array.isArray(tensor.shape) || !Array.isArray(tensor.data))
      throw new InvalidInvokeBodyError(`outputs.${name}: expected {shape, data}`);
  }
  return outputs as Record<string, TensorOutput>;
}

function parse(text: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new InvalidInvokeBodyError('body is not valid JSON', { cause: error });
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new InvalidInvokeBodyError('body must be a JSON object');
  return value as Record<string, unknown>;
}

function field(parent: Record<string, unknown>, name: string, path = name): Record<string, unknown> {
  const value = parent[name];
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new InvalidInvokeBodyError(`${path}: expected an object`);
  return value as Record<string, unknown>;
}

function numbers(value: unknown, path: string, ok: (v: number) => boolean): number[] {
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'number' && ok(v)))
    throw new InvalidInvokeBodyError(`${path}: expected an array of numbers`);
  return value as number[];
}
