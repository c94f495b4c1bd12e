// After a crash, queued work that lived only in memory is gone, but every accepted request is on
// disk. Re-publishing the S3 event of each request without a result restores the queue: delivery
// is at-least-once and the worker's conditional result write keeps the result exactly-once.
import { resultKey, type StoredResult } from '../../inference-stack/src/domain/prediction.ts';
import { DAMAGED_REQUEST } from '../../inference-stack/src/handlers/s3-event-publisher.ts';
import { ObjectExistsError, type ObjectStore } from '../../inference-stack/src/ports/object-store.ts';

export interface RecoveryDeps {
  /** The store without the S3-event decorator: recovery publishes itself. */
  readonly store: ObjectStore;
  /** Returns the keys it could not publish, with why. */
  readonly publish: (keys: readonly string[]) => Promise<readonly { key: string; reason: string }[]>;
  readonly now?: () => number;
  /** Requests parked in a DLQ: a failure someone must look at, not work to retry by itself. */
  readonly skipIds: ReadonlySet<string>;
  /** At most this many per start, so a huge backlog cannot hold the start-up hostage. @default 100000 */
  readonly limit?: number;
}

export async function recoverAcceptedRequests(
  deps: RecoveryDeps,
  requestsPrefix: string,
  resultsPrefix: string,
): Promise<{ recovered: number; remaining: number; damaged: { key: string; reason: string }[] }> {
  const idOf = (key: string, prefix: string) => key.slice(prefix.length).replace(/\.json$/, '');
  const [requests, results] = await Promise.all([deps.store.list(requestsPrefix), deps.store.list(resultsPrefix)]);
  const done = new Set(results.map((key) => idOf(key, resultsPrefix)));
  const pending = requests.filter((key) => {
    const id = idOf(key, requestsPrefix);
    return !done.has(id) && !deps.skipIds.has(id);
  });
  const limit = deps.limit ?? 100_000;
  const chosen = pending.slice(0, limit);
  const damaged: { key: string; reason: string }[] = [];
  for (let i = 0; i < chosen.length; i += 64) {
    const skipped = await deps.publish(chosen.slice(i, i + 64));
    damaged.push(...skipped.filter((s) => s.reason.startsWith(DAMAGED_REQUEST)));
  }
  // The caller was told 202: answer it with a failure rather than "pending" forever, and keep the
  // damaged object where it is for whoever investigates. The result also ends its recovery.
  for (const { key, reason } of damaged) {
    const id = idOf(key, requestsPrefix);
    const result: StoredResult = {
      id,
      model: 'unknown',
      status: 'failed',
      error: { code: 'RequestDamaged', message: `the stored request could not be read (${reason})` },
      latencies: { queueMs: 0, loadMs: 0, inferenceMs: 0, totalMs: 0 },
      completedAt: (deps.now ?? Date.now)(),
    };
    await deps.store.put(resultKey(resultsPrefix, id), JSON.stringify(result), { ifNoneMatch: '*' }).catch((error) => {
      if (!(error instanceof ObjectExistsError)) throw error;
    });
  }
  return { recovered: chosen.length - damaged.length, remaining: pending.length - chosen.length, damaged };
}
