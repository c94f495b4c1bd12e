// Issue 15, finding 6: on a full disk the queue's own writes (the durable receive count, the DLQ's
// journal) fail. A message must then stay in the queue, never be in neither the queue nor the DLQ.
import { describe, expect, it } from 'vitest';
import { MemoryQueue, type MessageJournal, type ReceiveCountStore } from '../../src/adapters/local/memory-queue.ts';

const enospc = () => Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });

class Counts implements ReceiveCountStore {
  full = false;
  readonly counts = new Map<string, number>();
  async get(key: string) {
    return this.counts.get(key) ?? 0;
  }
  async set(key: string, count: number) {
    if (this.full) throw enospc();
    this.counts.set(key, count);
  }
  async forget(key: string) {
    this.counts.delete(key);
  }
}

class Journal implements MessageJournal {
  full = false;
  async added() {
    if (this.full) throw enospc();
  }
  async removed() {}
}

function queues() {
  const counts = new Counts();
  const journal = new Journal();
  const dlq = new MemoryQueue({ name: 'dlq', journal });
  const queue = new MemoryQueue({
    name: 'q',
    deadLetter: { queue: dlq, maxReceiveCount: 2 },
    receiveCounts: { store: counts, keyOf: (body) => body },
  });
  return { counts, journal, dlq, queue };
}

describe('MemoryQueue when its writes fail (disk full)', () => {
  it('keeps a message whose receive count cannot be written, and delivers it once the write succeeds', async () => {
    const { counts, queue } = queues();
    await queue.send('req-1');
    counts.full = true;

    await expect(queue.receive({ maxMessages: 10 })).rejects.toThrow(/ENOSPC/);
    const kept = await queue.depth();
    counts.full = false;
    const later = await queue.receive({ maxMessages: 10 });

    expect(kept).toBe(1);
    expect(later.map((m) => [m.body, m.receiveCount])).toEqual([['req-1', 1]]);
  });

  it('keeps a message that cannot be written to its DLQ, and dead-letters it once the write succeeds', async () => {
    const { journal, dlq, queue } = queues();
    await queue.send('req-2');
    for (let i = 0; i < 2; i++) {
      const [m] = await queue.receive();
      await queue.changeVisibility(m!.receiptHandle, 0, 'model failed');
    }
    journal.full = true;

    await expect(queue.receive()).rejects.toThrow(/ENOSPC/);
    const kept = { queue: await queue.depth(), dlq: await dlq.depth() };
    journal.full = false;
    const delivered = await queue.receive();

    expect(kept).toEqual({ queue: 1, dlq: 0 });
    expect(delivered).toEqual([]);
    expect(dlq.messages().map((m) => [m.body, m.reason])).toEqual([['req-2', 'model failed']]);
  });

  it('hands out the messages taken before a failed write and keeps the rest', async () => {
    const { counts, queue } = queues();
    await queue.send('a');
    await queue.send('b');
    const set = counts.set.bind(counts);
    counts.set = async (key, count) => {
      if (key === 'b') throw enospc();
      return set(key, count);
    };

    const batch = await queue.receive({ maxMessages: 10 });

    expect(batch.map((m) => m.body)).toEqual(['a']);
    expect(
      queue
        .messages()
        .map((m) => m.body)
        .sort(),
    ).toEqual(['a', 'b']);
  });

  it('does not count a delivery released as not counted, even when the lower count cannot be written', async () => {
    // Prepare: one delivery failed for the model (counted), then three for a full disk (not counted),
    // the last two while the count store cannot write.
    const { counts, dlq, queue } = queues();
    await queue.send('req-3');
    const [first] = await queue.receive();
    await queue.changeVisibility(first!.receiptHandle, 0, 'model failed');
    const [second] = await queue.receive();
    await queue.changeVisibility(second!.receiptHandle, 0, 'ENOSPC', { counted: false });
    const stored = counts.counts.get('req-3');
    const set = counts.set.bind(counts);
    let fullOnLower = true;
    counts.set = async (key, count) => {
      if (fullOnLower && count < 2) throw enospc();
      return set(key, count);
    };
    const [third] = await queue.receive();
    await queue.changeVisibility(third!.receiptHandle, 0, 'ENOSPC', { counted: false });
    fullOnLower = false;
    // Act
    const [fourth] = await queue.receive();
    // Assess: still the second counted delivery; nothing dead-lettered.
    expect(stored).toBe(1);
    expect([third!.receiveCount, fourth!.receiveCount]).toEqual([2, 2]);
    expect(await dlq.depth()).toBe(0);
  });
});
