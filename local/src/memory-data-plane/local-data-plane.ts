// The 'local' data plane: request and result objects as files under <stateDir>/data, SNS/SQS
// semantics in process, dead letters under <stateDir>/dlq/<lane>. Queues live in memory; they are
// rebuilt on start from what is on disk (recover(), through the pending index), so accepted work
// survives a kill -9.
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { FileObjectStore } from '../../../inference-stack/src/adapters/local/file-object-store.ts';
import { MemoryQueue } from '../../../inference-stack/src/adapters/local/memory-queue.ts';
import { MemoryTopic } from '../../../inference-stack/src/adapters/local/memory-topic.ts';
import { keyToPath } from '../../../inference-stack/src/adapters/local/object-key-path.ts';
import { publishCreatedRequests } from '../../../inference-stack/src/handlers/s3-event-publisher.ts';
import type { DataPlane, DataPlaneOptions } from '../data-plane.ts';
import { recoverAcceptedRequests } from '../data-plane-recovery.ts';
import { dlqDir } from '../dead-letter-files.ts';
import { listDeadLetters, redriveDeadLetters, requestIdOf } from '../dead-letters.ts';
import { LANES, laneFilterPolicy, REQUESTS_PREFIX, RESULTS_PREFIX } from '../lanes.ts';
import { NotifyingObjectStore } from '../notifying-object-store.ts';
import { startRequestRetention } from '../retention/request-retention.ts';
import { FileMessageJournal } from './file-message-journal.ts';
import { FilePendingIndex } from './file-pending-index.ts';
import { FileReceiveCounts } from './file-receive-counts.ts';
import { PendingIndexingStore } from './pending-indexing-store.ts';

export async function startLocalDataPlane(options: DataPlaneOptions): Promise<DataPlane> {
  const now = options.now ?? Date.now;
  const dataDir = join(options.stateDir, 'data');
  const durable = options.durability !== 'process';
  const files = new FileObjectStore({
    root: dataDir,
    // The request (and its idempotency mapping) is fsynced before the 202: that is the promise.
    // Results are not: a kill -9 keeps them (the page cache belongs to the kernel), and if a power
    // cut loses one, its request is still on disk without a result, so recover() re-enqueues it and
    // the worker writes it again, still once. Skipping that fsync halves the disk flushes per prediction.
    durable: durable ? (key) => !key.startsWith(RESULTS_PREFIX) : () => false,
    // The platform is the only writer of its data dir, and a request is read back twice (S3
    // event, worker) and a result once (GET) right after being written.
    recentWrites: 4096,
  });
  // What is accepted and not finished, so a start reads that instead of listing everything.
  const index = new FilePendingIndex(join(options.stateDir, 'pending'));
  const indexed = new PendingIndexingStore(files, index, { requests: REQUESTS_PREFIX, results: RESULTS_PREFIX });
  // As the data bucket's lifecycle rule on AWS; an expired request is not recovered (it is gone
  // there too, not retried), and its note goes with it.
  const retention = startRequestRetention({
    expiry: files,
    prefix: REQUESTS_PREFIX,
    ...(options.requestRetentionDays !== undefined ? { retentionDays: options.requestRetentionDays } : {}),
    now,
    onExpired: async (keys) => {
      for (const key of keys) await index.remove(key.slice(REQUESTS_PREFIX.length, -'.json'.length)).catch(() => {});
    },
  });
  const expired = async (key: string) => {
    try {
      return retention.isExpired((await stat(keyToPath(dataDir, key))).mtimeMs);
    } catch {
      // Gone or unreadable: the publisher says which.
      return false;
    }
  };
  const requestsTopic = new MemoryTopic();
  const laneQueues = await Promise.all(
    LANES.map(async (lane) => {
      const journal = new FileMessageJournal(join(dlqDir(options.stateDir), lane));
      const dlq = new MemoryQueue({ name: `requests-${lane}-dlq`, journal, now });
      for (const message of await journal.load()) dlq.restore(message);
      const counts = new FileReceiveCounts(join(options.stateDir, 'receives', lane));
      await counts.sweep();
      const queue = new MemoryQueue({
        name: `requests-${lane}`,
        visibilityTimeoutSeconds: options.visibilityTimeoutSeconds ?? 30,
        deadLetter: { queue: dlq, maxReceiveCount: options.maxReceiveCount ?? 3 },
        // Keyed by request id: recovery re-sends a request as a new message after a restart.
        receiveCounts: {
          store: counts,
          keyOf: (body) => {
            const id = requestIdOf(body);
            return id !== undefined && /^[A-Za-z0-9_-]{8,64}$/.test(id) ? id : undefined;
          },
        },
        now,
      });
      requestsTopic.subscribe(queue, { filterPolicy: laneFilterPolicy(lane) });
      return { lane, queue, dlq };
    }),
  );
  const publish = async (keys: readonly string[]) => {
    const objects = keys.map((key) => ({ bucket: 'local', key }));
    return (
      await publishCreatedRequests(objects, { store: files, topic: requestsTopic, requestsPrefix: REQUESTS_PREFIX })
    ).skipped;
  };
  return {
    kind: 'local',
    store: new NotifyingObjectStore(indexed, REQUESTS_PREFIX, async (key) => void (await publish([key]))),
    resultsTopic: new MemoryTopic(),
    lanes: [...LANES],
    queues: laneQueues.map((l) => l.queue),
    dlqs: laneQueues.map((l) => l.dlq),
    recover: (o = {}) => {
      const dead = laneQueues.flatMap((l) => l.dlq.messages().map((m) => requestIdOf(m.body)));
      const skipIds = new Set(dead.filter((id): id is string => id !== undefined));
      return recoverAcceptedRequests(
        { store: indexed, publish, skipIds, now, index, expired, ...o },
        REQUESTS_PREFIX,
        RESULTS_PREFIX,
      );
    },
    expireRequests: () => retention.sweep(),
    deadLetters: () => listDeadLetters(laneQueues),
    redrive: (selection) => redriveDeadLetters(laneQueues, selection),
    stop: async () => {
      retention.stop();
      // Fsyncs the notes for a start after a reboot; a read-only or full disk leaves them unsynced (listed once then).
      await index.close().catch(() => undefined);
    },
  };
}
