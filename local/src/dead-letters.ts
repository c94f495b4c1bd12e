// Reading and re-driving the lanes' DLQs. The local queue shows its messages (with the reason the
// last delivery failed) without receiving them; an SQS DLQ is read by receiving and releasing,
// and SQS keeps no reason.
import { DEAD_LETTER_FORMAT, type StoredMessage } from '../../inference-stack/src/adapters/local/memory-queue.ts';
import type { DeliveryTarget, Queue } from '../../inference-stack/src/ports/queue.ts';

export interface DeadLetterEntry {
  readonly id: string;
  readonly reason: string;
  readonly receiveCount: number;
  /** The prediction id, when the body is a request notice. */
  readonly requestId?: string;
  /** The version its last delivery was routed to; absent: unknown (an older dead letter, or it failed before routing). */
  readonly target?: DeliveryTarget;
  readonly body: string;
  readonly attributes: Readonly<Record<string, string>>;
}

export interface DeadLetterLane {
  readonly lane: string;
  readonly count: number;
  readonly entries: readonly DeadLetterEntry[];
}

export interface RedriveSelection {
  readonly lane?: string;
  /** Message ids; all of the lane's dead letters when absent. */
  readonly ids?: readonly string[];
}

export interface RedriveOutcome {
  readonly redriven: readonly { readonly lane: string; readonly id: string }[];
}

export interface LaneQueues {
  readonly lane: string;
  readonly queue: Queue;
  readonly dlq: Queue;
}

interface InspectableQueue extends Queue {
  messages(): StoredMessage[];
  remove(messageId: string): Promise<boolean>;
}

const isInspectable = (queue: Queue): queue is InspectableQueue =>
  typeof (queue as Partial<InspectableQueue>).messages === 'function';

const NO_REASON = 'not recorded (SQS keeps no failure reason)';

export async function listDeadLetters(lanes: readonly LaneQueues[]): Promise<DeadLetterLane[]> {
  return Promise.all(
    lanes.map(async ({ lane, dlq }) => {
      const entries = isInspectable(dlq) ? dlq.messages().map(entryOf) : await peekByReceiving(dlq);
      return { lane, count: entries.length, entries };
    }),
  );
}

export async function redriveDeadLetters(
  lanes: readonly LaneQueues[],
  selection: RedriveSelection = {},
): Promise<RedriveOutcome> {
  const wanted = selection.ids ? new Set(selection.ids) : undefined;
  const redriven: { lane: string; id: string }[] = [];
  for (const { lane, queue, dlq } of lanes) {
    if (selection.lane !== undefined && selection.lane !== lane) continue;
    if (isInspectable(dlq)) {
      for (const message of dlq.messages()) {
        if (wanted && !wanted.has(message.messageId)) continue;
        // Send first: a crash in between leaves a duplicate, which the worker's conditional write absorbs.
        await queue.send(message.body, message.attributes);
        await dlq.remove(message.messageId);
        redriven.push({ lane, id: message.messageId });
      }
      continue;
    }
    await forEachByReceiving(dlq, async (message, release) => {
      if (wanted && !wanted.has(message.messageId)) return release();
      await queue.send(message.body, message.attributes);
      await dlq.delete(message.receiptHandle);
      redriven.push({ lane, id: message.messageId });
    });
  }
  return { redriven };
}

function entryOf(message: StoredMessage): DeadLetterEntry {
  const requestId = requestIdOf(message.body);
  return {
    id: message.messageId,
    reason: message.reason ?? NO_REASON,
    receiveCount: message.receiveCount,
    ...(requestId ? { requestId } : {}),
    ...targetOf(message),
    body: message.body,
    attributes: message.attributes,
  };
}

/**
 * The version a dead letter is attributed to, by its format: format 2 carries it when its last
 * delivery was routed; one written before (no format) never does; a newer format is not guessed at.
 */
export function deadLetterTarget(message: Pick<StoredMessage, 'format' | 'target'>): DeliveryTarget | undefined {
  if (message.format !== DEAD_LETTER_FORMAT || !message.target) return undefined;
  const { model, version } = message.target;
  return typeof model === 'string' && typeof version === 'string' ? { model, version } : undefined;
}

function targetOf(message: StoredMessage): { target?: DeliveryTarget } {
  const target = deadLetterTarget(message);
  return target ? { target } : {};
}

export function requestIdOf(body: string): string | undefined {
  try {
    const id = (JSON.parse(body) as { id?: unknown }).id;
    return typeof id === 'string' ? id : undefined;
  } catch {
    return undefined;
  }
}

async function peekByReceiving(dlq: Queue): Promise<DeadLetterEntry[]> {
  const entries: DeadLetterEntry[] = [];
  await forEachByReceiving(dlq, async (m, release) => {
    entries.push(entryOf({ ...m, sentAt: 0, reason: NO_REASON }));
    await release();
  });
  return entries;
}

// Hides each message while it is handled so one pass sees each once, then releases what is kept.
async function forEachByReceiving(
  dlq: Queue,
  handle: (message: Awaited<ReturnType<Queue['receive']>>[number], release: () => Promise<void>) => Promise<void>,
): Promise<void> {
  const kept: string[] = [];
  for (;;) {
    const batch = await dlq.receive({ maxMessages: 10, waitSeconds: 0, visibilityTimeoutSeconds: 60 });
    if (batch.length === 0) break;
    for (const message of batch) {
      await handle(message, async () => {
        kept.push(message.receiptHandle);
      });
    }
  }
  for (const handle of kept) await dlq.changeVisibility(handle, 0);
}
