// A request whose delivery kills the platform every time (an OOM kill, kill -9) must still reach
// its DLQ after maxReceiveCount deliveries (issue 15, finding 2): receive counts survive restarts.
// Each "restart" here is a new data plane on the same state dir, the queue (memory) having died
// with the previous one while the message was in flight.
import { mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type DataPlane, startDataPlane } from '../src/data-plane.ts';
import { FileReceiveCounts } from '../src/memory-data-plane/file-receive-counts.ts';

let stateDir: string;
const planes: DataPlane[] = [];
beforeEach(async () => {
  stateDir = await mkdtemp(join(tmpdir(), 'durable-receives-'));
});
afterEach(async () => {
  for (const plane of planes.splice(0)) await plane.stop();
  await rm(stateDir, { recursive: true, force: true });
});

const start = async () => {
  const plane = await startDataPlane({ kind: 'local', stateDir, maxReceiveCount: 3 });
  planes.push(plane);
  await plane.recover();
  return plane;
};
const request = (id: string) => JSON.stringify({ id, model: 'alpha', lane: 'standard' });

describe('receive counts across restarts', () => {
  it('dead-letters a request whose every delivery kills the process, after 3 deliveries in total', async () => {
    // Prepare
    const first = await start();
    await first.store.put('requests/req-poison-1.json', request('req-poison-1'), { ifNoneMatch: '*' });
    // Act: each incarnation receives it and dies before deleting it.
    const counts: number[] = [];
    let plane = first;
    for (let restart = 0; restart < 4; restart++) {
      const [message] = await plane.queues[0]!.receive({});
      if (!message) break;
      counts.push(message.receiveCount);
      plane = await start();
    }
    // Assess
    expect(counts).toEqual([1, 2, 3]);
    const [lane] = await plane.deadLetters();
    expect(lane?.entries.map((m) => m.requestId)).toEqual(['req-poison-1']);
    expect(lane?.entries[0]?.reason).toMatch(/received 3 times, across restarts/);
    expect(await plane.queues[0]!.depth()).toBe(0);
  });

  it('forgets the count of a request once it is done', async () => {
    const plane = await start();
    await plane.store.put('requests/req-fine-01.json', request('req-fine-01'), { ifNoneMatch: '*' });
    const [message] = await plane.queues[0]!.receive({});
    expect(await readdir(join(stateDir, 'receives', 'standard'))).toEqual(['req-fine-01']);
    await plane.queues[0]!.delete(message!.receiptHandle);
    expect(await readdir(join(stateDir, 'receives', 'standard'))).toEqual([]);
  });
});

describe('FileReceiveCounts', () => {
  it('takes concurrent writes of one key (a message delivered five times at once): none fails, the last one stays, no temporary file is left', async () => {
    const counts = new FileReceiveCounts(join(stateDir, 'receives', 'standard'));
    await Promise.all([1, 2, 3, 4, 5].map((n) => counts.set('req-1', n)));
    expect(await counts.get('req-1')).toBe(5);
    expect(await readdir(join(stateDir, 'receives', 'standard'))).toEqual(['req-1']);
  });
  it('reads what an earlier process wrote, knows what it wrote itself, and forgets both', async () => {
    const dir = join(stateDir, 'receives', 'standard');
    const earlier = new FileReceiveCounts(dir);
    await earlier.set('req-1', 2);

    const counts = new FileReceiveCounts(dir);
    expect(await counts.get('req-1')).toBe(2);
    expect(await counts.get('req-2')).toBe(0);
    await counts.set('req-2', 1);
    expect(await counts.get('req-2')).toBe(1);
    await counts.forget('req-1');
    await counts.forget('req-2');
    expect([await counts.get('req-1'), await counts.get('req-2')]).toEqual([0, 0]);
    expect(await readdir(dir)).toEqual([]);
  });

  it('does not count a write that failed (a full disk)', async () => {
    const dir = join(stateDir, 'receives', 'standard');
    const counts = new FileReceiveCounts(dir);
    await counts.set('req-1', 1);
    // The next write's temporary file (`<key>.<pid>.<n>.tmp`) is taken by a directory: that write fails.
    await mkdir(join(dir, `req-1.${process.pid}.2.tmp`));
    await expect(counts.set('req-1', 2)).rejects.toThrow();
    expect(await counts.get('req-1')).toBe(1);
  });
});
