// Immutable, content-addressed model artifacts. A multi-model endpoint serves a stale copy if a
// key is overwritten, so a key is never written twice with different bytes.

export interface ArtifactRef {
  /** `<model>/<version>-<sha256 first 12 hex>/<file>`; on AWS also the MME TargetModel. */
  readonly key: string;
  readonly sha256: string;
  readonly sizeBytes: number;
}

export interface ArtifactStore {
  /** Stores bytes under their content-hashed key; same bytes again is a no-op returning the same ref. */
  put(model: string, version: string, fileName: string, bytes: Uint8Array): Promise<ArtifactRef>;
  get(key: string): Promise<Uint8Array>;
  exists(key: string): Promise<boolean>;
}
