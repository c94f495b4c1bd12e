// The documents the asynchronous path stores: the request (requests/<id>.json) and the result
// (results/<id>.json). Both are plain JSON so any subscriber or tool can read them. Format 2 carries
// named tensors; format 1 (no `format` field: one tensor as rows) is still read.
import type { Dtype } from '../../../model-registry/src/domain/manifest/types.ts';
import type { Track } from '../../../release-tools/src/domain/route-table.ts';
import type { RoutingContext } from './router.ts';
import { readElement } from './tensors/read-element.ts';
import type { NamedTensors, TensorElement } from './tensors/tensor.ts';
import { decodeTensors, type JsonTensor } from './tensors/tensor-json.ts';

export const PREDICTION_FORMAT = 2 as const;

export interface StoredRequest {
  readonly format: typeof PREDICTION_FORMAT;
  readonly id: string;
  /** The principal (sub) that submitted it; absent in requests written before owners were stored. */
  readonly owner?: string;
  readonly model: string;
  readonly lane: string;
  /** Every input of the model, by name, checked against its signature at submit time. */
  readonly inputs: Readonly<Record<string, JsonTensor>>;
  /** What the router may use for a sticky key, captured at submit time. */
  readonly routing: RoutingContext;
  /** Epoch ms. */
  readonly submittedAt: number;
}

/** What format 1 wrote: one input tensor as rows. */
interface StoredRequestV1 {
  readonly id: string;
  readonly model: string;
  readonly lane: string;
  readonly inputs: readonly (readonly number[])[];
  readonly tensor: { readonly name: string; readonly dtype: Dtype; readonly shape: readonly number[] };
  readonly routing: RoutingContext;
  readonly submittedAt: number;
}

export class UnreadableRequestError extends Error {
  override readonly name = 'UnreadableRequestError';
}

/** A stored request of any format as the current one. */
export function readStoredRequest(raw: unknown): StoredRequest {
  const doc = raw as Partial<StoredRequest> & Partial<StoredRequestV1>;
  if (doc.format === PREDICTION_FORMAT) return doc as StoredRequest;
  if (doc.format !== undefined)
    throw new UnreadableRequestError(`request format ${String(doc.format)} is newer than this reader`);
  const v1 = doc as StoredRequestV1;
  if (!v1.tensor || !Array.isArray(v1.inputs))
    throw new UnreadableRequestError('request has neither format 2 inputs nor format 1 rows');
  // Format 1 wrote int64 as plain numbers; elements take today's representation.
  const data = v1.inputs.flat().map((v): TensorElement => {
    const read = readElement(v, v1.tensor.dtype);
    return read.ok ? read.value : v;
  });
  const { tensor, inputs: _rows, ...rest } = v1;
  return {
    format: PREDICTION_FORMAT,
    ...rest,
    inputs: { [tensor.name]: { dtype: tensor.dtype, shape: tensor.shape, data } },
  };
}

/** The request's inputs as tensors (NaN/Infinity restored from their JSON strings). */
export function requestTensors(request: StoredRequest): NamedTensors {
  const decoded = decodeTensors(request.inputs, 'inputs');
  if (!decoded.ok)
    throw new UnreadableRequestError(
      `request ${request.id}: ${decoded.errors.map((e) => `${e.path}: ${e.message}`).join('; ')}`,
    );
  return decoded.tensors;
}

export interface Latencies {
  readonly queueMs: number;
  readonly loadMs: number;
  readonly inferenceMs: number;
  readonly totalMs: number;
}

/** An output as stored; format 1 results have no dtype (their outputs were numbers). */
export type PredictionOutput = JsonTensor | { readonly shape: readonly number[]; readonly data: readonly number[] };

interface ResultBase {
  /** Absent in format 1 results. */
  readonly format?: typeof PREDICTION_FORMAT;
  readonly id: string;
  /** The request's owner, copied so a GET of the result needs one read; absent when the request had none. */
  readonly owner?: string;
  readonly model: string;
  readonly version?: string;
  readonly track?: Track;
  readonly latencies: Latencies;
  /** Epoch ms. */
  readonly completedAt: number;
}

export type StoredResult =
  | (ResultBase & { readonly status: 'done'; readonly prediction: Readonly<Record<string, PredictionOutput>> })
  | (ResultBase & { readonly status: 'failed'; readonly error: { readonly code: string; readonly message: string } });

export const requestKey = (prefix: string, id: string) => `${prefix}${id}.json`;
export const resultKey = (prefix: string, id: string) => `${prefix}${id}.json`;

/** The message the S3-event publisher sends and the worker receives. */
export interface RequestNotice {
  readonly id: string;
  readonly key: string;
  readonly model: string;
  readonly lane: string;
}
