// Durable controller state with compare-and-swap: two writers never both win.

export interface Versioned<T> {
  readonly value: T;
  /** Opaque token (an ETag on S3, a revision locally) to pass back on the next write. */
  readonly version: string;
}

export interface StateStore {
  get<T>(key: string): Promise<Versioned<T> | undefined>;
  /**
   * Writes `value` only if the stored version is still `expectedVersion`
   * (`null`: only if the key does not exist). Returns the new version.
   * @throws StateConflictError when another writer got there first.
   */
  put<T>(key: string, value: T, expectedVersion: string | null): Promise<string>;
  /** Keys under a prefix, sorted. */
  list(prefix: string): Promise<string[]>;
}

export class StateConflictError extends Error {
  override readonly name = 'StateConflictError';
  constructor(
    readonly key: string,
    options?: { cause?: unknown },
  ) {
    super(`state key "${key}" was changed by another writer`, options);
  }
}

/**
 * A stored value that cannot be read back (torn write, hand edit, disk damage). It names the file or
 * object; a copy is kept aside for whoever repairs it, and nothing is reset silently.
 */
export class DamagedStateError extends Error {
  override readonly name = 'DamagedStateError';
  constructor(
    readonly key: string,
    /** Where the damaged value lives (a file path or s3:// URI). */
    readonly location: string,
    readonly reason: string,
    /** Where a copy was kept, when the store keeps one. */
    readonly quarantinedAt?: string,
    options?: { cause?: unknown },
  ) {
    super(
      `state ${JSON.stringify(key)} is damaged (${location}: ${reason})${quarantinedAt ? `; a copy is kept at ${quarantinedAt}` : ''}`,
      options,
    );
  }
}
