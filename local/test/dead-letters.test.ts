// Dead-letter listing and re-drive over a queue that can only be received from (the SQS path).
import { describe, expect, it } from 'vitest';
import { MemoryQueue } from '../../inference-stack/src/adapters/local/memory-queue.ts';
import type { Queue } from '../../inference-stack/src/ports/queue.ts';
import { listDeadLetters, redriveDeadLetters } from '../src/dead-letters.ts';

// Only the Queue port, as SqsQueue offers it: no way to look without receiving.
const receiveOnly = (queue: MemoryQueue): Queue => ({
  receive: (o) => queue.receive(o),
  delete: (h) => queue.delete(h),
  changeVisibility: (h, s) => queue.changeVisibility(h, s),
  send: (b, a) => queue.send(b, a),
  depth: () => queue.depth(),
});

async function lane() {
  const queue = new MemoryQueue();
  const dlq = new MemoryQueue();
  const ids = [await dlq.send('{"id":"req-0001-a"}', { lane: 'standard' }), await dlq.send('{"id":"req-0001-b"}')];
  return { queue, dlq, ids, lanes: [{ lane: 'standard', queue, dlq: receiveOnly(dlq) }] };
}

describe('dead letters on a receive-only queue', () => {
  it('lists every message without consuming it, saying no reason was kept', async () => {
    const { dlq, lanes } = await lane();
    const [listed] = await listDeadLetters(lanes);
    expect(listed?.count).toBe(2);
    expect(listed?.entries.map((e) => e.requestId)).toEqual(['req-0001-a', 'req-0001-b']);
    expect(listed?.entries[0]?.reason).toMatch(/not recorded/);
    expect((await dlq.receive({ maxMessages: 10 })).map((m) => m.body)).toHaveLength(2);
  });

  it('re-drives only the selected ids and leaves the others receivable', async () => {
    const { queue, dlq, ids, lanes } = await lane();
    const outcome = await redriveDeadLetters(lanes, { ids: [ids[1]!] });
    expect(outcome.redriven).toEqual([{ lane: 'standard', id: ids[1] }]);
    expect((await queue.receive({})).map((m) => m.body)).toEqual(['{"id":"req-0001-b"}']);
    expect((await dlq.receive({})).map((m) => m.messageId)).toEqual([ids[0]]);
  });

  it('re-drives nothing for another lane', async () => {
    const { lanes } = await lane();
    expect((await redriveDeadLetters(lanes, { lane: 'priority' })).redriven).toEqual([]);
  });
});
