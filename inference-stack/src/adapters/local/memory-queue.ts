// Queue with SQS semantics in process: at-least-once delivery, visibility timeout, receive count,
// a dead-letter queue after maxReceiveCount (keeping why the message failed), long polling that
// wakes as soon as a message is sent or becomes visible (no busy polling), batches of up to 10.
import { randomUUID } from 'node:crypto';
import type { DeliveryTarget, Queue, QueueMessage, ReceiveOptions } from '../../ports/queue.ts';

/**
 * A dead letter's format. 2: it carries `target` when its last delivery was routed (a version);
 * absent (1, written before): it never does, and reads as an unknown version.
 */
export const DEAD_LETTER_FORMAT = 2;

export interface StoredMessage {
  /** Set on a dead letter by the queue that moved it (DEAD_LETTER_FORMAT); absent in older ones. */
  readonly format?: number;
  readonly messageId: string;
  readonly body: string;
  readonly attributes: Readonly<Record<string, string>>;
  readonly receiveCount: number;
  /** Why the last delivery failed (given to changeVisibility), or why it was dead-lettered. */
  readonly reason?: string;
  /** The version the last failed delivery was routed to (given to changeVisibility). */
  readonly target?: DeliveryTarget;
  /** Epoch ms when it was sent to this queue. */
  readonly sentAt: number;
}

export interface MessageJournal {
  added(message: StoredMessage): Promise<void>;
  removed(messageId: string): Promise<void>;
}

/**
 * Receive counts kept outside the process, by a key naming the work (not the message id: a restart
 * re-sends the work as a new message). Without it, a message that kills the process at every
 * delivery would start from 0 after each restart and never reach the DLQ.
 */
export interface ReceiveCountStore {
  get(key: string): Promise<number>;
  set(key: string, count: number): Promise<void>;
  forget(key: string): Promise<void>;
}

export interface MemoryQueueOptions {
  readonly name?: string;
  /** @default 30 */
  readonly visibilityTimeoutSeconds?: number;
  /** SQS redrive policy: a message received this many times moves to `queue` on its next receive. */
  readonly deadLetter?: { readonly queue: MemoryQueue; readonly maxReceiveCount: number };
  /** Durable receive counts, keyed by `keyOf(body)` (a message it gives no key keeps an in-memory count). */
  readonly receiveCounts?: { readonly store: ReceiveCountStore; readonly keyOf: (body: string) => string | undefined };
  /** Sees every message entering and leaving, e.g. to keep a DLQ on disk. */
  readonly journal?: MessageJournal;
  readonly now?: () => number;
  readonly newId?: () => string;
}

interface Entry {
  message: StoredMessage;
  visibleAt: number;
  handle?: string;
}

export class ReceiptHandleError extends Error {
  override readonly name = 'ReceiptHandleError';
}

export class MemoryQueue implements Queue {
  readonly name: string;
  private readonly ready = new Map<string, Entry>();
  private readonly inflight = new Map<string, Entry>();
  private readonly byHandle = new Map<string, string>();
  private readonly waiters = new Set<() => void>();
  /** Lowered counts whose durable write failed (a full disk), by message id. */
  private readonly uncounted = new Map<string, number>();
  private readonly now: () => number;
  private readonly newId: () => string;

  constructor(private readonly options: MemoryQueueOptions = {}) {
    this.name = options.name ?? 'queue';
    this.now = options.now ?? Date.now;
    this.newId = options.newId ?? randomUUID;
  }

  async send(body: string, attributes: Readonly<Record<string, string>> = {}): Promise<string> {
    const message = {
      messageId: this.newId(),
      body,
      attributes: { ...attributes },
      receiveCount: 0,
      sentAt: this.now(),
    };
    await this.add(message);
    return message.messageId;
  }

  /** Puts a message back as it was (e.g. a dead letter read from disk); the journal is not told. */
  restore(message: StoredMessage): void {
    this.ready.set(message.messageId, { message, visibleAt: 0 });
    this.wake();
  }

  async receive(options: ReceiveOptions = {}): Promise<QueueMessage[]> {
    const max = Math.min(10, Math.max(1, options.maxMessages ?? 10));
    const deadline = this.now() + Math.min(20, options.waitSeconds ?? 0) * 1000;
    for (;;) {
      const batch = await this.take(max, options.visibilityTimeoutSeconds);
      if (batch.length > 0 || this.now() >= deadline || options.signal?.aborted) return batch;
      await this.waitForChange(deadline, options.signal);
    }
  }

  async delete(receiptHandle: string): Promise<void> {
    const id = this.byHandle.get(receiptHandle);
    // A stale handle (the message was redelivered since) deletes nothing, as in SQS.
    if (id === undefined) return;
    this.byHandle.delete(receiptHandle);
    const entry = this.inflight.get(id);
    this.inflight.delete(id);
    this.uncounted.delete(id);
    await this.options.journal?.removed(id);
    if (entry) await this.forgetCount(entry.message);
  }

  async changeVisibility(
    receiptHandle: string,
    timeoutSeconds: number,
    reason?: string,
    options: { readonly counted?: boolean; readonly target?: DeliveryTarget } = {},
  ): Promise<void> {
    const id = this.byHandle.get(receiptHandle);
    const entry = id === undefined ? undefined : this.inflight.get(id);
    if (!entry || id === undefined) throw new ReceiptHandleError(`receipt handle is not in flight: ${receiptHandle}`);
    if (reason !== undefined) entry.message = { ...entry.message, reason };
    if (options.target) entry.message = { ...entry.message, target: options.target };
    if (options.counted === false) await this.uncount(entry);
    entry.visibleAt = this.now() + timeoutSeconds * 1000;
    if (timeoutSeconds <= 0) this.makeReady(id, entry);
    else this.wake();
  }

  async depth(): Promise<number> {
    return this.ready.size + this.inflight.size;
  }

  /** Every message held, waiting or in flight, oldest first. */
  messages(): StoredMessage[] {
    return [...this.ready.values(), ...this.inflight.values()]
      .map((e) => e.message)
      .sort((a, b) => a.sentAt - b.sentAt);
  }

  /** Removes a message by id wherever it is (admin: redrive, purge). */
  async remove(messageId: string): Promise<boolean> {
    const entry = this.ready.get(messageId) ?? this.inflight.get(messageId);
    if (!entry) return false;
    this.ready.delete(messageId);
    this.inflight.delete(messageId);
    if (entry.handle) this.byHandle.delete(entry.handle);
    this.uncounted.delete(messageId);
    await this.options.journal?.removed(messageId);
    await this.forgetCount(entry.message);
    return true;
  }

  private async add(message: StoredMessage): Promise<void> {
    // Journal first: a dead letter is acknowledged only once it is on disk.
    await this.options.journal?.added(message);
    this.ready.set(message.messageId, { message, visibleAt: 0 });
    this.wake();
  }

  private async take(max: number, visibilityTimeoutSeconds: number | undefined): Promise<QueueMessage[]> {
    const now = this.now();
    for (const [id, entry] of this.inflight) if (entry.visibleAt <= now) this.makeReady(id, entry, false);
    const batch: QueueMessage[] = [];
    const dead = this.options.deadLetter;
    for (const [id, entry] of this.ready) {
      if (batch.length >= max) break;
      // Taken out at once so a concurrent receive cannot take it too; put back when its move
      // cannot be written (a full disk), so it is never in neither this queue nor its DLQ.
      this.ready.delete(id);
      try {
        const durable = this.uncounted.get(id) ?? (await this.durableCount(entry.message));
        if (durable > entry.message.receiveCount)
          entry.message = {
            ...entry.message,
            receiveCount: durable,
            reason: entry.message.reason ?? `received ${durable} times, across restarts, without being deleted`,
          };
        if (dead && entry.message.receiveCount >= dead.maxReceiveCount) {
          await this.moveToDeadLetter(entry.message, dead);
          continue;
        }
        const message = { ...entry.message, receiveCount: entry.message.receiveCount + 1 };
        // Counted on disk before it is handed out: a delivery that kills the process still counts.
        await this.storeCount(message);
        this.uncounted.delete(id);
        if (entry.handle) this.byHandle.delete(entry.handle);
        const handle = this.newId();
        const timeout = visibilityTimeoutSeconds ?? this.options.visibilityTimeoutSeconds ?? 30;
        this.inflight.set(id, { message, visibleAt: now + timeout * 1000, handle });
        this.byHandle.set(handle, id);
        batch.push({
          messageId: id,
          receiptHandle: handle,
          body: message.body,
          receiveCount: message.receiveCount,
          attributes: message.attributes,
        });
      } catch (error) {
        this.ready.set(id, entry);
        // What was taken is handed out; with nothing taken the caller hears why.
        if (batch.length > 0) break;
        throw error;
      }
    }
    return batch;
  }

  /**
   * Takes back the count of a delivery that failed for the platform's reason. Back to 0 the durable
   * count is removed, which a full disk allows; a lower count that cannot be written (the disk is
   * full) stays counted on disk, and this process goes on with the lower one.
   */
  private async uncount(entry: Entry): Promise<void> {
    const receiveCount = Math.max(0, entry.message.receiveCount - 1);
    entry.message = { ...entry.message, receiveCount };
    this.uncounted.set(entry.message.messageId, receiveCount);
    try {
      if (receiveCount === 0) await this.forgetCount(entry.message);
      else await this.storeCount(entry.message);
      this.uncounted.delete(entry.message.messageId);
    } catch {
      // Kept in `uncounted`: the durable count read at the next receive must not undo this one.
    }
  }

  private async moveToDeadLetter(message: StoredMessage, dead: NonNullable<MemoryQueueOptions['deadLetter']>) {
    const reason = message.reason ?? `received ${message.receiveCount} times without being deleted`;
    await dead.queue.add({ ...message, format: DEAD_LETTER_FORMAT, reason, sentAt: this.now() });
    this.uncounted.delete(message.messageId);
    await this.options.journal?.removed(message.messageId);
    await this.forgetCount(message);
  }

  private async durableCount(message: StoredMessage): Promise<number> {
    const counts = this.options.receiveCounts;
    const key = counts?.keyOf(message.body);
    return counts && key !== undefined ? counts.store.get(key) : 0;
  }

  private async storeCount(message: StoredMessage): Promise<void> {
    const counts = this.options.receiveCounts;
    const key = counts?.keyOf(message.body);
    if (counts && key !== undefined) await counts.store.set(key, message.receiveCount);
  }

  private async forgetCount(message: StoredMessage): Promise<void> {
    const counts = this.options.receiveCounts;
    const key = counts?.keyOf(message.body);
    if (counts && key !== undefined) await counts.store.forget(key);
  }

  private makeReady(id: string, entry: Entry, wake = true): void {
    this.inflight.delete(id);
    this.ready.set(id, entry);
    if (wake) this.wake();
  }

  private wake(): void {
    for (const waiter of [...this.waiters]) waiter();
  }

  private waitForChange(deadline: number, signal: AbortSignal | undefined): Promise<void> {
    let until = deadline;
    for (const entry of this.inflight.values()) until = Math.min(until, entry.visibleAt);
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.waiters.delete(done);
        signal?.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, Math.max(0, until - this.now()));
      this.waiters.add(done);
      signal?.addEventListener('abort', done, { once: true });
    });
  }
}
