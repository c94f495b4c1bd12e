// The JSON body between a model host client and a model server (the SageMaker container, the
// local host): {"inputs": {"<name>": {dtype, shape, data}}} -> {"outputs": {"<name>": {dtype, shape, data}}}.
// Stored results carry the same tensor objects. Decoding checks structure and every element.
import { DTYPES, type Dtype } from '../../../../model-registry/src/domain/manifest/types.ts';
import { readElement } from './read-element.ts';
import { elementCount, type FieldError, type NamedTensors, type Tensor, type TensorElement } from './tensor.ts';

export interface JsonTensor {
  readonly dtype: Dtype;
  readonly shape: readonly number[];
  readonly data: readonly (number | string | boolean)[];
}

export interface InvokeRequestBody {
  readonly inputs: Readonly<Record<string, JsonTensor>>;
}
export interface InvokeResponseBody {
  readonly outputs: Readonly<Record<string, JsonTensor>>;
}

export type TensorsDecode =
  | { readonly ok: true; readonly tensors: NamedTensors }
  | { readonly ok: false; readonly errors: readonly FieldError[] };

/** JSON has no NaN or Infinity: those floats travel as strings (only a float tensor holds them). */
export function toJsonTensor(tensor: Tensor): JsonTensor {
  const data = tensor.data.map((v) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v));
  return { dtype: tensor.dtype, shape: tensor.shape, data };
}

export function toJsonTensors(tensors: NamedTensors): Record<string, JsonTensor> {
  return Object.fromEntries(Object.entries(tensors).map(([name, t]) => [name, toJsonTensor(t)]));
}

export const encodeInvokeRequest = (inputs: NamedTensors): string =>
  JSON.stringify({ inputs: toJsonTensors(inputs) } satisfies InvokeRequestBody);
export const encodeInvokeResponse = (outputs: NamedTensors): string =>
  JSON.stringify({ outputs: toJsonTensors(outputs) } satisfies InvokeResponseBody);

/** Reads `{"inputs": {...}}` from a body's text (the server side of the host contract). */
export const decodeInvokeRequest = (text: string): TensorsDecode => decodeBody(text, 'inputs');
/** Reads `{"outputs": {...}}` from a body's text (the client side of the host contract). */
export const decodeInvokeResponse = (text: string): TensorsDecode => decodeBody(text, 'outputs');

function decodeBody(text: string, field: 'inputs' | 'outputs'): TensorsDecode {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, errors: [{ path: '', message: 'body is not JSON' }] };
  }
  const map = (value as Record<string, unknown> | null)?.[field];
  if (typeof map !== 'object' || map === null || Array.isArray(map))
    return { ok: false, errors: [{ path: field, message: 'must be an object of named tensors' }] };
  return decodeTensors(map as Record<string, unknown>, field);
}

export function decodeTensors(map: Readonly<Record<string, unknown>>, path: string): TensorsDecode {
  const errors: FieldError[] = [];
  const read = Object.entries(map).map(([name, value]) => [name, fromJsonTensor(value, `${path}.${name}`, errors)]);
  // A tensor that does not decode leaves an error: without errors, every one is there.
  return errors.length > 0 ? { ok: false, errors } : { ok: true, tensors: Object.fromEntries(read) as NamedTensors };
}

export function fromJsonTensor(value: unknown, path: string, errors: FieldError[]): Tensor | undefined {
  const t = value as Partial<Record<'dtype' | 'shape' | 'data', unknown>> | null;
  if (typeof t !== 'object' || t === null) return void errors.push({ path, message: 'must be {dtype, shape, data}' });
  if (!(DTYPES as readonly unknown[]).includes(t.dtype))
    return void errors.push({ path: `${path}.dtype`, message: `must be one of ${DTYPES.join(' | ')}` });
  const shape = t.shape;
  if (!Array.isArray(shape) || !shape.every((d) => Number.isSafeInteger(d) && d >= 0))
    return void errors.push({ path: `${path}.shape`, message: 'must be a list of non-negative integers' });
  if (!Array.isArray(t.data) || t.data.length !== elementCount(shape))
    return void errors.push({ path: `${path}.data`, message: `must be a flat array of ${elementCount(shape)} values` });
  const dtype = t.dtype as Dtype;
  const data: TensorElement[] = [];
  for (const [i, v] of t.data.entries()) {
    const read = readElement(v, dtype);
    if (!read.ok) return void errors.push({ path: `${path}.data[${i}]`, message: read.message });
    data.push(read.value);
  }
  return { dtype, shape, data };
}
