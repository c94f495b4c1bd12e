// The local DLQ's dead letters carry the version their last delivery was routed to (format 2); a
// dead letter written before (the fixture, from the previous release's queue) reads as unknown.
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MemoryQueue } from '../../inference-stack/src/adapters/local/memory-queue.ts';
import { ListedDeadLetterReader } from '../../release-tools/src/adapters/local/listed-dead-letter-reader.ts';
import { deadLetterFiles, dlqDir } from '../src/dead-letter-files.ts';
import { listDeadLetters } from '../src/dead-letters.ts';
import { FileMessageJournal } from '../src/memory-data-plane/file-message-journal.ts';

const T0 = Date.UTC(2026, 11, 3, 6);
const dirs: string[] = [];
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

async function stateDir() {
  const dir = await mkdtemp(join(tmpdir(), 'mlrelease-dlq-attr-'));
  dirs.push(dir);
  return dir;
}

/** A lane as the local data plane builds it, with its DLQ journalled under <stateDir>/dlq/standard. */
function lane(dir: string, now: () => number) {
  const dlq = new MemoryQueue({ journal: new FileMessageJournal(join(dlqDir(dir), 'standard')), now });
  const queue = new MemoryQueue({ deadLetter: { queue: dlq, maxReceiveCount: 2 }, now });
  return { lane: 'standard', queue, dlq };
}

const notice = (id: string) => JSON.stringify({ id, key: `requests/${id}.json`, model: 'fraud', lane: 'standard' });

async function failTwice(queue: MemoryQueue, target?: { model: string; version: string }) {
  for (let i = 0; i < 2; i++) {
    const [m] = await queue.receive({});
    await queue.changeVisibility(m!.receiptHandle, 0, 'Error: connection reset', target ? { target } : {});
  }
  expect(await queue.receive({})).toEqual([]);
}

describe('attributed local dead letters', () => {
  it('keep the last delivery target, in format 2, on disk and in the listing', async () => {
    const dir = await stateDir();
    let now = T0;
    const l = lane(dir, () => now);
    await l.queue.send(notice('req-cand-0001'));
    await failTwice(l.queue, { model: 'fraud', version: '1.1.0' });
    now += 1_000;
    await l.queue.send(notice('req-none-0001'));
    await failTwice(l.queue);

    const [listed] = await listDeadLetters([l]);
    const onDisk = await deadLetterFiles(dir)();

    expect(listed?.entries.map((e) => [e.requestId, e.target])).toEqual([
      ['req-cand-0001', { model: 'fraud', version: '1.1.0' }],
      ['req-none-0001', undefined],
    ]);
    expect(onDisk.sort((a, b) => a.deadLetteredAt - b.deadLetteredAt)).toEqual([
      { model: 'fraud', version: '1.1.0', requestId: 'req-cand-0001', deadLetteredAt: T0 },
      { requestId: 'req-none-0001', deadLetteredAt: T0 + 1_000 },
    ]);
  });

  it('reads a dead letter written before the format (fixture) as an unknown version, not the candidate', async () => {
    const dir = await stateDir();
    await cp(new URL('./fixtures/dead-letter-v1', import.meta.url), dlqDir(dir), { recursive: true });
    const journal = new FileMessageJournal(join(dlqDir(dir), 'standard'));
    const dlq = new MemoryQueue();
    for (const m of await journal.load()) dlq.restore(m);

    const [listed] = await listDeadLetters([{ lane: 'standard', queue: new MemoryQueue(), dlq }]);
    const reader = new ListedDeadLetterReader(deadLetterFiles(dir));
    const reading = await reader.deadLetters({ model: 'fraud-detector', version: '1.1.0', since: 0, until: 2e12 });

    expect(listed?.entries).toEqual([expect.objectContaining({ requestId: 'req-0001-aaaa', receiveCount: 3 })]);
    expect(listed?.entries[0]?.target).toBeUndefined();
    expect(reading).toEqual({ count: 0, requestIds: [] });
  });

  it('forgets a re-driven dead letter', async () => {
    const dir = await stateDir();
    const l = lane(dir, () => T0);
    await l.queue.send(notice('req-cand-0002'));
    await failTwice(l.queue, { model: 'fraud', version: '1.1.0' });
    const list = deadLetterFiles(dir);
    const reader = new ListedDeadLetterReader(list);
    const query = { model: 'fraud', version: '1.1.0', since: T0, until: T0 + 60_000 };
    expect(await reader.deadLetters(query)).toEqual({ count: 1, oldestAt: T0, requestIds: ['req-cand-0002'] });

    const [m] = l.dlq.messages();
    await l.dlq.remove(m!.messageId);

    expect(await reader.deadLetters(query)).toEqual({ count: 0, requestIds: [] });
  });
});
