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
