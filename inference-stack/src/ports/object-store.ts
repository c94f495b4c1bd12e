// Request and result objects: S3 on AWS, the same S3 adapter against an in-process emulator locally.

export interface PutOptions {
  /** Write only if no object exists under the key (S3 `If-None-Match: *`). */
  readonly ifNoneMatch?: '*';
  readonly contentType?: string;
}

export interface ObjectStore {
  /** Throws ObjectExistsError when `ifNoneMatch` is set and the key already exists. */
  put(key: string, body: string | Uint8Array, options?: PutOptions): Promise<void>;
  /** Undefined when there is no object under the key. */
  get(key: string): Promise<Uint8Array | undefined>;
  /** Every key under the prefix, in lexical order. */
  list(prefix: string): Promise<string[]>;
}

export class ObjectExistsError extends Error {
  override readonly name = 'ObjectExistsError';
  constructor(
    readonly key: string,
    options?: { cause?: unknown },
  ) {
    super(`object already exists: ${key}`, options);
  }
}

export async function getJson<T>(store: ObjectStore, key: string): Promise<T | undefined> {
  const bytes = await store.get(key);
  return bytes === undefined ? undefined : (JSON.parse(new TextDecoder().decode(bytes)) as T);
}
