// StateStore in memory, with the same compare-and-swap rule as the file and S3 stores: for tests,
// benchmarks and single-process runs that need no durability.
import { StateConflictError, type StateStore, type Versioned } from '../../ports/state-store.ts';

export class MemoryStateStore implements StateStore {
  private readonly entries = new Map<string, { revision: number; json: string }>();

  async get<T>(key: string): Promise<Versioned<T> | undefined> {
    const entry = this.entries.get(key);
    // Stored as JSON so callers never share (and mutate) one object, as with a real store.
    return entry && { value: JSON.parse(entry.json) as T, version: String(entry.revision) };
  }

  async put<T>(key: string, value: T, expectedVersion: string | null): Promise<string> {
    const current = this.entries.get(key);
    if ((current ? String(current.revision) : null) !== expectedVersion) throw new StateConflictError(key);
    const revision = (current?.revision ?? 0) + 1;
    this.entries.set(key, { revision, json: JSON.stringify(value) });
    return String(revision);
  }

  async list(prefix: string): Promise<string[]> {
    return [...this.entries.keys()].filter((k) => k.startsWith(prefix)).sort();
  }
}
