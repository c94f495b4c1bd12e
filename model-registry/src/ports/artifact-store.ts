// Immutable, content-addressed model artifacts. A multi-model endpoint serves a stale copy if a
// key is overwritten, so a key is never written twice with different bytes.

export interface ArtifactRef {
  /** `<model>/<version>-<sha256 first 12 hex>/<file>`; on AWS also the MME TargetModel. */
  readonly key: string;
  readonly sha256: string;
  readonly sizeBytes: number;
}

export interface ArtifactStore {
  /**
   * Stores bytes under their content-hashed key; same bytes again is a no-op returning the same ref.
   * @throws ArtifactConflictError (ports/artifact-errors.ts) if the key holds other bytes;
   *   InvalidArtifactKeyError for unsafe names.
   */
  put(model: string, version: string, fileName: string, bytes: Uint8Array): Promise<ArtifactRef>;
  /** @throws ArtifactNotFoundError; ArtifactCorruptError if the bytes no longer match the key. */
  get(key: string): Promise<Uint8Array>;
  exists(key: string): Promise<boolean>;
}
