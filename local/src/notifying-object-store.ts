// S3 emits ObjectCreated events; the emulator does not. This decorator plays that part: after a
// successful put under the watched prefix it hands the key to the S3-event publisher core.
import type { ObjectStore, PutOptions } from '../../inference-stack/src/ports/object-store.ts';

export class NotifyingObjectStore implements ObjectStore {
  constructor(
    private readonly inner: ObjectStore,
    private readonly prefix: string,
    private readonly onCreated: (key: string) => Promise<void>,
  ) {}

  async put(key: string, body: string | Uint8Array, options?: PutOptions): Promise<void> {
    await this.inner.put(key, body, options);
    // Awaited so a 202 means the request is already queued.
    if (key.startsWith(this.prefix)) await this.onCreated(key);
  }

  get(key: string): Promise<Uint8Array | undefined> {
    return this.inner.get(key);
  }

  list(prefix: string): Promise<string[]> {
    return this.inner.list(prefix);
  }
}
