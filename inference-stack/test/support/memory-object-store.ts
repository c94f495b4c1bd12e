// In-memory ObjectStore for handler unit tests; it passes the same contract as the S3 adapter.
import { ObjectExistsError, type ObjectStore, type PutOptions } from '../../src/ports/object-store.ts';

export class MemoryObjectStore implements ObjectStore {
  readonly objects = new Map<string, Uint8Array>();

  async put(key: string, body: string | Uint8Array, options: PutOptions = {}): Promise<void> {
    if (options.ifNoneMatch && this.objects.has(key)) throw new ObjectExistsError(key);
    this.objects.set(key, typeof body === 'string' ? new TextEncoder().encode(body) : body);
  }

  async get(key: string): Promise<Uint8Array | undefined> {
    return this.objects.get(key);
  }

  async list(prefix: string): Promise<string[]> {
    return [...this.objects.keys()].filter((k) => k.startsWith(prefix)).sort();
  }

  json<T>(key: string): T | undefined {
    const bytes = this.objects.get(key);
    return bytes && (JSON.parse(new TextDecoder().decode(bytes)) as T);
  }
}
