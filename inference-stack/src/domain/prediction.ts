// The documents the asynchronous path stores: the request (requests/<id>.json) and the result
// (results/<id>.json). Both are plain JSON so any subscriber or tool can read them.
import type { Dtype } from '../../../model-registry/src/domain/manifest/types.ts';
import type { Track } from '../../../release-tools/src/domain/route-table.ts';
import type { RoutingContext } from './router.ts';

export interface StoredRequest {
  readonly id: string;
  /** The principal (sub) that submitted it; absent in requests written before owners were stored. */
  readonly owner?: string;
  readonly model: string;
  readonly lane: string;
  readonly inputs: readonly (readonly number[])[];
  /** The tensor the rows form, from the model's input signature at submit time. */
  readonly tensor: { readonly name: string; readonly dtype: Dtype; readonly shape: readonly number[] };
  /** What the router may use for a sticky key, captured at submit time. */
  readonly routing: RoutingContext;
  /** Epoch ms. */
  readonly submittedAt: number;
}

export interface Latencies {
  readonly queueMs: number;
  readonly loadMs: number;
  readonly inferenceMs: number;
  readonly totalMs: number;
}

export interface PredictionOutput {
  readonly shape: readonly number[];
  readonly data: readonly number[];
}

interface ResultBase {
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
