// After a crash, queued work that lived only in memory is gone, but every accepted request is on
// disk. Re-publishing the S3 event of each request without a result restores the queue: delivery
// is at-least-once and the worker's conditional result write keeps the result exactly-once.
//
// With a pending index the start reads only the noted ids (O(pending)); without one (a state dir
// written before it, or a build a crash interrupted) it lists every request and result once, and
// writes the index from that listing.
import { isPredictionId } from '../../inference-stack/src/domain/names.ts';
import { requestKey, resultKey, type StoredResult } from '../../inference-stack/src/domain/prediction.ts';
import { DAMAGED_REQUEST } from '../../inference-stack/src/handlers/s3-event-publisher.ts';
import { ObjectExistsError, type ObjectStore } from '../../inference-stack/src/ports/object-store.ts';

/** The ids of accepted requests without a result yet (local/src/memory-data-plane/file-pending-index.ts). */
export interface PendingIndex {
  /** Notes the ids: they are noted when this resolves. */
  add(ids: readonly string[]): Promise<void>;
  remove(id: string): Promise<void>;
  /** The noted ids, or undefined when the index is not known to be complete (never built). */
  read(): Promise<readonly string[] | undefined>;
  /** Every pending id is noted (and this process writes the notes from now on): a start may read the index alone. */
  markComplete(): Promise<void>;
}

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
  /** Where pending ids are noted; without it every start lists everything. */
  readonly index?: PendingIndex;
  /** A request past its retention is not recovered: the retention sweep removes it, as S3's lifecycle does. */
  readonly expired?: (key: string) => Promise<boolean>;
}

export async function recoverAcceptedRequests(
  deps: RecoveryDeps,
  requestsPrefix: string,
  resultsPrefix: string,
): Promise<{ recovered: number; remaining: number; damaged: { key: string; reason: string }[] }> {
  const idOf = (key: string, prefix: string) => key.slice(prefix.length).replace(/\.json$/, '');
  const noted = await deps.index?.read();
  const pendingIds =
    noted === undefined
      ? await listPending(deps, requestsPrefix, resultsPrefix)
      : await checkNoted(noted, deps, requestsPrefix, resultsPrefix);
  await deps.index?.markComplete();
  const pending = pendingIds.filter((id) => !deps.skipIds.has(id)).map((id) => requestKey(requestsPrefix, id));
  const limit = deps.limit ?? 100_000;
  const chosen = pending.slice(0, limit);
  const damaged: { key: string; reason: string }[] = [];
  let gone = 0;
  for (let i = 0; i < chosen.length; i += 64) {
    const skipped = await deps.publish(chosen.slice(i, i + 64));
    damaged.push(...skipped.filter((s) => s.reason.startsWith(DAMAGED_REQUEST)));
    // A note whose request was never stored (a crash before it; no 202 was given) goes.
    for (const s of skipped.filter((s) => !s.reason.startsWith(DAMAGED_REQUEST))) {
      await deps.index?.remove(idOf(s.key, requestsPrefix));
      gone += 1;
    }
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
  return { recovered: chosen.length - damaged.length - gone, remaining: pending.length - chosen.length, damaged };
}

/** Every stored request without a result (dead-lettered ones too), by listing both; notes them all. */
async function listPending(deps: RecoveryDeps, requestsPrefix: string, resultsPrefix: string): Promise<string[]> {
  const idOf = (key: string, prefix: string) => key.slice(prefix.length).replace(/\.json$/, '');
  const [requests, results] = await Promise.all([deps.store.list(requestsPrefix), deps.store.list(resultsPrefix)]);
  const done = new Set(results.map((key) => idOf(key, resultsPrefix)));
  const pending: string[] = [];
  for (const key of requests) {
    const id = idOf(key, requestsPrefix);
    // Not a request object (the S3-event publisher would skip it): nothing to note.
    if (done.has(id) || key !== requestKey(requestsPrefix, id) || !isPredictionId(id)) continue;
    if (await deps.expired?.(key)) continue;
    pending.push(id);
  }
  // Noted before the index says it is complete (markComplete): a crash in between lists again.
  await deps.index?.add(pending);
  return pending;
}

/** The noted ids still pending: a note whose result exists, or whose request expired, goes. */
async function checkNoted(
  noted: readonly string[],
  deps: RecoveryDeps,
  requestsPrefix: string,
  resultsPrefix: string,
): Promise<string[]> {
  const pending: string[] = [];
  for (const id of noted) {
    // Parked in a DLQ: still pending (a redrive finishes it), not looked at now.
    if (deps.skipIds.has(id)) {
      pending.push(id);
      continue;
    }
    const finished =
      (await deps.store.get(resultKey(resultsPrefix, id))) !== undefined ||
      (await deps.expired?.(requestKey(requestsPrefix, id)));
    if (finished) await deps.index?.remove(id);
    else pending.push(id);
  }
  return pending;
}
