// Keeps the pending index in step with the objects: an accepted request is noted before it is
// stored (a crash between the two leaves a note without a request, which recovery drops), and
// forgotten once its result is stored (a crash between leaves a note with a result, dropped too).
import { isPredictionId } from '../../../inference-stack/src/domain/names.ts';
import {
  ObjectExistsError,
  type ObjectStore,
  type PutOptions,
} from '../../../inference-stack/src/ports/object-store.ts';
import type { PendingIndex } from '../data-plane-recovery.ts';

export class PendingIndexingStore implements ObjectStore {
  constructor(
    private readonly inner: ObjectStore,
    private readonly index: PendingIndex,
    private readonly prefixes: { readonly requests: string; readonly results: string },
  ) {}

  async put(key: string, body: string | Uint8Array, options?: PutOptions): Promise<void> {
    const request = idUnder(key, this.prefixes.requests);
    // Noted before the request is stored, even when it exists already: a retry after a crash
    // repairs a lost note.
    if (request !== undefined) await this.index.add([request]);
    const result = idUnder(key, this.prefixes.results);
    try {
      await this.inner.put(key, body, options);
    } catch (error) {
      // Another writer stored the result first: it is finished all the same.
      if (result !== undefined && error instanceof ObjectExistsError) await this.forget(result);
      throw error;
    }
    if (result !== undefined) await this.forget(result);
  }

  get(key: string): Promise<Uint8Array | undefined> {
    return this.inner.get(key);
  }

  list(prefix: string): Promise<string[]> {
    return this.inner.list(prefix);
  }

  /** A note that cannot be removed only costs the next start one look at its result. */
  private async forget(id: string): Promise<void> {
    await this.index.remove(id).catch(() => undefined);
  }
}

function idUnder(key: string, prefix: string): string | undefined {
  if (!key.startsWith(prefix) || !key.endsWith('.json')) return undefined;
  const id = key.slice(prefix.length, -'.json'.length);
  return isPredictionId(id) ? id : undefined;
}
