// The one JSON body of a multi-model invocation: what the worker and the sync path send through
// InvokeEndpoint (AWS) or the local endpoint, and what the serving container reads and answers.
// Tensors are named and self-describing, so the container needs nothing else to run them:
//   {"inputs": {"<name>": {dtype, shape, data}, ...}} -> {"outputs": {"<name>": {dtype, shape, data}, ...}}
// The format itself (every dtype, int64 as exact decimal strings, NaN/Infinity as strings) lives in
// domain/tensors/tensor-json.ts; this file gives the wire its content type and throwing decoders.
// A body from before named tensors (one input of float32/float64/int32/int64) is this same format.
import { formatErrors, type NamedTensors } from '../domain/tensors/tensor.ts';
import {
  decodeInvokeRequest as decodeRequest,
  decodeInvokeResponse as decodeResponse,
  type TensorsDecode,
} from '../domain/tensors/tensor-json.ts';

export { encodeInvokeRequest, encodeInvokeResponse } from '../domain/tensors/tensor-json.ts';

export const INVOKE_CONTENT_TYPE = 'application/json';

export class InvalidInvokeBodyError extends Error {
  override readonly name = 'InvalidInvokeBodyError';
}

/** @throws InvalidInvokeBodyError naming every field at fault. */
export function decodeInvokeRequest(text: string): NamedTensors {
  const decoded = orThrow(decodeRequest(text));
  if (Object.keys(decoded).length === 0) throw new InvalidInvokeBodyError('inputs: expected at least one named tensor');
  return decoded;
}

/** @throws InvalidInvokeBodyError naming every field at fault. */
export function decodeInvokeResponse(text: string): NamedTensors {
  return orThrow(decodeResponse(text));
}

function orThrow(decoded: TensorsDecode): NamedTensors {
  if (!decoded.ok) throw new InvalidInvokeBodyError(formatErrors(decoded.errors));
  return decoded.tensors;
}
