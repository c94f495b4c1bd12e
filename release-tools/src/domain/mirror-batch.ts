// The durable form of mirrored pairs on AWS: one object per model, candidate version and flush (a
// Lambda invocation's pairs and drops). Versioned: a reader refuses a format it does not know rather
// than gate on pairs it half understands. JSON has no Infinity (pairs whose shapes differ), so it is
// written as the string "Infinity".
import type { MirroredPair } from '../ports/mirrored-pairs.ts';

export const MIRROR_BATCH_FORMAT = 1;

export interface MirrorBatch {
  readonly model: string;
  readonly candidateVersion: string;
  /** Epoch ms when the batch was written: at or after every pair and drop in it. */
  readonly writtenAt: number;
  readonly pairs: readonly MirroredPair[];
  /** When each dropped mirrored request was dropped (epoch ms). */
  readonly drops: readonly number[];
}

interface StoredPair {
  readonly requestId: string;
  readonly stableVersion: string;
  readonly maxAbsDiff?: number | 'Infinity';
  readonly disagree: boolean;
  readonly at: number;
}

interface StoredBatchV1 {
  readonly format: 1;
  readonly model: string;
  readonly candidateVersion: string;
  readonly writtenAt: number;
  readonly pairs: readonly StoredPair[];
  readonly drops: readonly number[];
}

export class MirrorBatchFormatError extends Error {
  override readonly name = 'MirrorBatchFormatError';
}

export function encodeMirrorBatch(batch: MirrorBatch): string {
  const stored: StoredBatchV1 = {
    format: MIRROR_BATCH_FORMAT,
    model: batch.model,
    candidateVersion: batch.candidateVersion,
    writtenAt: batch.writtenAt,
    pairs: batch.pairs.map((p) => ({
      requestId: p.requestId,
      stableVersion: p.stableVersion,
      ...(p.maxAbsDiff === undefined ? {} : { maxAbsDiff: Number.isFinite(p.maxAbsDiff) ? p.maxAbsDiff : 'Infinity' }),
      disagree: p.disagree,
      at: p.at,
    })),
    drops: batch.drops,
  };
  return JSON.stringify(stored);
}

export function decodeMirrorBatch(text: string, where: string): MirrorBatch {
  let value: Partial<StoredBatchV1> | null;
  try {
    value = JSON.parse(text) as Partial<StoredBatchV1> | null;
  } catch (error) {
    throw new MirrorBatchFormatError(`${where}: not JSON`, { cause: error });
  }
  if (value?.format !== MIRROR_BATCH_FORMAT)
    throw new MirrorBatchFormatError(`${where}: mirror batch format ${String(value?.format)} is not known here`);
  if (typeof value.model !== 'string' || typeof value.candidateVersion !== 'string' || !Array.isArray(value.pairs))
    throw new MirrorBatchFormatError(`${where}: not a mirror batch`);
  const { model, candidateVersion } = value;
  return {
    model,
    candidateVersion,
    writtenAt: Number(value.writtenAt),
    pairs: value.pairs.map((p) => ({
      model,
      candidateVersion,
      stableVersion: p.stableVersion,
      requestId: p.requestId,
      ...(p.maxAbsDiff === undefined ? {} : { maxAbsDiff: Number(p.maxAbsDiff) }),
      disagree: p.disagree === true,
      at: p.at,
    })),
    drops: Array.isArray(value.drops) ? value.drops.map(Number) : [],
  };
}

/** Where mirrored pairs live in the data bucket (the data plane writes them, the controller reads them). */
export const MIRROR_PREFIX = 'mirror/';
