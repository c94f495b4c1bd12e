// The local stand-in for Lambda's SQS event source mapping: long-polls each lane queue, runs the
// worker core on each batch, deletes what succeeded and releases failures for redelivery (after
// maxReceiveCount the queue moves them to its DLQ).
import type { BatchResponse, WorkRecord } from '../../inference-stack/src/handlers/worker.ts';
import type { DeliveryTarget, Queue } from '../../inference-stack/src/ports/queue.ts';

export interface WorkerLoopOptions {
  readonly queues: readonly Queue[];
  readonly process: (records: readonly WorkRecord[]) => Promise<BatchResponse>;
  /** Long-poll wait per receive. @default 5 */
  readonly waitSeconds?: number;
  /** Visibility before a failed message is retried, by its receive count. @default count - 1 seconds */
  readonly retryDelaySeconds?: (receiveCount: number) => number;
  /** Concurrent pollers per queue, like Lambda's concurrent batches per event source. @default 2 */
  readonly pollersPerQueue?: number;
  /**
   * Why a failed message failed (from the batch's error callback), once per failure: the reason is
   * kept by queues that can keep it; a platform fault (a full disk) is retried with the error backoff
   * and not counted toward the DLQ by queues that can leave it out.
   */
  readonly failure?: (messageId: string) => WorkFailure | undefined;
  readonly onError: (error: unknown) => void;
  /** Waits between polls after an error. @default setTimeout */
  readonly sleep?: (ms: number) => Promise<void>;
}

export interface WorkFailure {
  readonly reason: string;
  /** The platform's failure (its disk full), not the message's: it must not push the message to the DLQ. */
  readonly platformFault: boolean;
  /** The version the delivery was routed to: kept with the reason, so a dead letter is attributable. */
  readonly target?: DeliveryTarget;
}

/** After an error a poller waits 250 ms, doubling while errors continue (a full disk), up to 10 s. */
export const errorBackoffMs = (consecutiveErrors: number): number =>
  Math.min(10_000, 250 * 2 ** (consecutiveErrors - 1));

export interface WorkerLoop {
  /** Waits (up to the timeout) for the queues to empty, then stops polling and finishes the current batches. */
  stop(options?: { drainTimeoutMs?: number }): Promise<void>;
}

export function startWorkerLoop(options: WorkerLoopOptions): WorkerLoop {
  const abort = new AbortController();
  const retryDelay = options.retryDelaySeconds ?? ((count) => Math.min(30, count - 1));
  const pollers = options.queues.flatMap((queue) => Array.from({ length: options.pollersPerQueue ?? 2 }, () => queue));
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const failureOf = (m: { messageId: string }): WorkFailure =>
    options.failure?.(m.messageId) ?? { reason: 'failed without a reason', platformFault: false };
  const loops = pollers.map(async (queue) => {
    let errors = 0;
    while (!abort.signal.aborted) {
      try {
        const messages = await queue.receive({
          maxMessages: 10,
          waitSeconds: options.waitSeconds ?? 5,
          signal: abort.signal,
        });
        if (messages.length === 0) {
          errors = 0;
          continue;
        }
        // Once received, a batch is finished even during shutdown: that is the drain.
        const { batchItemFailures } = await options.process(
          messages.map((m) => ({ messageId: m.messageId, body: m.body })),
        );
        const failed = new Set(batchItemFailures.map((f) => f.itemIdentifier));
        const failures = new Map(messages.filter((m) => failed.has(m.messageId)).map((m) => [m, failureOf(m)]));
        // A platform fault is the platform's trouble, as a thrown error is: the same backoff, in
        // whole seconds (a visibility timeout's unit), for the poller and the message alike.
        const faulted = [...failures.values()].some((f) => f.platformFault);
        const faultDelay = faulted ? Math.ceil(errorBackoffMs(errors + 1) / 1000) : 0;
        await Promise.all(
          messages.map((m) => {
            const failure = failures.get(m);
            if (!failure) return queue.delete(m.receiptHandle);
            if (!failure.platformFault)
              return queue.changeVisibility(
                m.receiptHandle,
                retryDelay(m.receiveCount),
                failure.reason,
                failure.target ? { target: failure.target } : {},
              );
            return queue.changeVisibility(m.receiptHandle, faultDelay, failure.reason, { counted: false });
          }),
        );
        if (faulted) {
          errors += 1;
          await sleep(faultDelay * 1000);
          continue;
        }
        // Only a whole round resets the backoff: a receive that succeeds before a failing
        // changeVisibility (a full disk) is the same trouble again.
        errors = 0;
      } catch (error) {
        if (abort.signal.aborted) break;
        options.onError(error);
        errors += 1;
        await sleep(errorBackoffMs(errors));
      }
    }
  });
  return {
    async stop(stopOptions = {}) {
      // Queued work lives only in this process: finish it before stopping, unless it takes too long.
      const deadline = Date.now() + (stopOptions.drainTimeoutMs ?? 10_000);
      while (Date.now() < deadline) {
        const depths = await Promise.all(options.queues.map((q) => q.depth().catch(() => 0)));
        if (depths.every((d) => d === 0)) break;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      abort.abort();
      await Promise.allSettled(loops);
    },
  };
}
