// Mirrored pairs of a shadow release: for one request stable answered, how the candidate's answer to
// the same inputs compared. The data plane records them (the worker and the sync handler); the
// controller reads them for the divergence gate.

export interface MirroredPair {
  readonly model: string;
  readonly stableVersion: string;
  readonly candidateVersion: string;
  /** The request both versions answered: the example status and the dashboard show. */
  readonly requestId: string;
  /** Largest absolute difference over the float outputs; Infinity when shapes differ; absent without float outputs. */
  readonly maxAbsDiff?: number;
  /** The versions' labels differ (see inference-stack/src/domain/compare-outputs.ts). */
  readonly disagree: boolean;
  /** Epoch ms. */
  readonly at: number;
}

export interface MirrorDrop {
  readonly model: string;
  readonly candidateVersion: string;
  readonly at: number;
}

export interface MirrorSink {
  pair(pair: MirroredPair): void;
  /** Mirrored work dropped because the mirror queue was full: the caller's answer never waits for it. */
  dropped(drop: MirrorDrop): void;
}

export interface MirrorQuery {
  readonly model: string;
  readonly candidateVersion: string;
  readonly since: number;
  readonly until: number;
}

export interface MirrorEvidence {
  /** Oldest first; a bounded store keeps the most recent. */
  readonly pairs: readonly MirroredPair[];
  readonly dropped: number;
}

export interface MirrorReader {
  pairs(query: MirrorQuery): Promise<MirrorEvidence>;
}

/**
 * A sink that keeps what it is given until flushed (S3 on AWS: one object per flush, so a Lambda
 * invocation costs one PUT however many pairs it mirrored). The local store writes at once.
 */
export interface BufferedMirrorSink extends MirrorSink {
  flush(): Promise<void>;
}
