// Why each message of a batch failed, noted by the worker's error callback and handed to the
// queue with the message's release: the reason travels into the DLQ, and a failure that is the
// platform's (its disk full) is told apart so it does not dead-letter accepted work.
import type { DeliveryTarget } from '../../inference-stack/src/ports/queue.ts';
import { isDiskFull } from './disk-space/disk-full.ts';
import type { WorkFailure } from './worker-loop.ts';

export class WorkerFailures {
  private readonly failures = new Map<string, { error: unknown; target: DeliveryTarget | undefined }>();

  /** `target`: the version the delivery was routed to, which the dead letter then carries. */
  note(messageId: string, error: unknown, target?: DeliveryTarget): void {
    this.failures.set(messageId, { error, target });
  }

  /** The failure noted for the message, once (a later delivery's failure is noted again). */
  take(messageId: string): WorkFailure | undefined {
    if (!this.failures.has(messageId)) return undefined;
    const { error, target } = this.failures.get(messageId)!;
    this.failures.delete(messageId);
    return { reason: String(error), platformFault: isDiskFull(error), ...(target ? { target } : {}) };
  }
}
