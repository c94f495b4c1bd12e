// Errors every ArtifactStore adapter raises, so callers handle one set whatever the backend.

export class ArtifactConflictError extends Error {
  override readonly name = 'ArtifactConflictError';
  constructor(
    readonly key: string,
    options?: { cause?: unknown },
  ) {
    super(
      `artifact ${key} already exists with different bytes; artifacts are immutable, publish a new version`,
      options,
    );
  }
}

export class ArtifactNotFoundError extends Error {
  override readonly name = 'ArtifactNotFoundError';
  constructor(
    readonly key: string,
    options?: { cause?: unknown },
  ) {
    super(`artifact ${key} not found`, options);
  }
}

/** The stored bytes no longer hash to the key they live under. */
export class ArtifactCorruptError extends Error {
  override readonly name = 'ArtifactCorruptError';
  constructor(readonly key: string) {
    super(`artifact ${key} does not match the hash in its key`);
  }
}

/** Any other backend failure (access denied, network), with the original error as cause. */
export class ArtifactStoreError extends Error {
  override readonly name = 'ArtifactStoreError';
}
