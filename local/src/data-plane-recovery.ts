// After a crash, queued work that lived only in memory is gone, but every accepted request is on
// disk. Re-publishing the S3 event of each request without a result restores the queue: delivery
// is at-least-once and the worker's conditional result write keeps the result exactly-once.
import type { ObjectStore } from '../../inference-stack/src/ports/object-store.ts';

export interface RecoveryDeps {
  /** The store without the S3-event decorator: recovery publishes itself. */
  readonly store: ObjectStore;
  readonly publish: (keys: readonly string[]) => Promise<void>;
  /** Requests parked in a DLQ: a failure someone must look at, not work to retry by itself. */
  readonly skipIds: ReadonlySet<string>;
  /** At most this many per start, so a huge backlog cannot hold the start-up hostage. @default 100000 */
  readonly limit?: number;
}

export async function recoverAcceptedRequests(
  deps: RecoveryDeps,
  requestsPrefix: string,
  resultsPrefix: string,
): Promise<{ recovered: number; remaining: number }> {
  const idOf = (key: string, prefix: string) => key.slice(prefix.length).replace(/\.json$/, '');
  const [requests, results] = await Promise.all([deps.store.list(requestsPrefix), deps.store.list(resultsPrefix)]);
  const done = new Set(results.map((key) => idOf(key, resultsPrefix)));
  const pending = requests.filter((key) => {
    const id = idOf(key, requestsPrefix);
    return !done.has(id) && !deps.skipIds.has(id);
  });
  const limit = deps.limit ?? 100_000;
  const chosen = pending.slice(0, limit);
  for (let i = 0; i < chosen.length; i += 64) await deps.publish(chosen.slice(i, i + 64));
  return { recovered: chosen.length, remaining: pending.length - chosen.length };
}
