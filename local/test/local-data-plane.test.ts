// The 'local' data plane across restarts: accepted requests are re-enqueued, dead letters (and
// their reasons) are kept on disk and can be re-driven.
import { mkdtemp, readdir, rm, utimes } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type DataPlane, startDataPlane } from '../src/data-plane.ts';

let stateDir: string;
const planes: DataPlane[] = [];
beforeEach(async () => {
  stateDir = await mkdtemp(join(tmpdir(), 'local-data-plane-'));
});
afterEach(async () => {
  for (const plane of planes.splice(0)) await plane.stop();
  await rm(stateDir, { recursive: true, force: true });
});

const start = async (maxReceiveCount = 3) => {
  const plane = await startDataPlane({ kind: 'local', stateDir, maxReceiveCount });
  planes.push(plane);
  return plane;
};
const request = (id: string, lane = 'standard') => JSON.stringify({ id, model: 'alpha', lane });
const ids = (messages: { body: string }[]) => messages.map((m) => (JSON.parse(m.body) as { id: string }).id).sort();

describe("the 'local' data plane", () => {
  it('enqueues a stored request on its lane at once', async () => {
    const plane = await start();
    await plane.store.put('requests/req-prio-1.json', request('req-prio-1', 'priority'), { ifNoneMatch: '*' });
    expect(await plane.queues[0]!.depth()).toBe(0);
    expect(ids(await plane.queues[1]!.receive({}))).toEqual(['req-prio-1']);
  });

  it('re-enqueues, after a restart, every stored request without a result and nothing else', async () => {
    // Prepare: three accepted, one answered; the queue (memory) dies with the first process.
    const first = await start();
    for (const id of ['req-aaaa-1', 'req-aaaa-2', 'req-aaaa-3'])
      await first.store.put(`requests/${id}.json`, request(id), { ifNoneMatch: '*' });
    await first.store.put('results/req-aaaa-2.json', '{}', { ifNoneMatch: '*' });
    // Act
    const second = await start();
    const outcome = await second.recover();
    // Assess
    expect(outcome).toEqual({ recovered: 2, remaining: 0, damaged: [] });
    expect(ids(await second.queues[0]!.receive({}))).toEqual(['req-aaaa-1', 'req-aaaa-3']);
  });

  it('recovers at most the limit and reports the rest', async () => {
    const first = await start();
    for (const id of ['req-bbbb-1', 'req-bbbb-2', 'req-bbbb-3'])
      await first.store.put(`requests/${id}.json`, request(id), { ifNoneMatch: '*' });
    const second = await start();
    expect(await second.recover({ limit: 1 })).toEqual({ recovered: 1, remaining: 2, damaged: [] });
  });

  it('keeps a dead letter and its reason across a restart, and does not recover its request', async () => {
    // Prepare
    const first = await start(1);
    await first.store.put('requests/req-dead-1.json', request('req-dead-1'), { ifNoneMatch: '*' });
    const [message] = await first.queues[0]!.receive({});
    await first.queues[0]!.changeVisibility(message!.receiptHandle, 0, 'ModelInvocationError: boom');
    expect(await first.queues[0]!.receive({})).toEqual([]);
    // Act
    const second = await start(1);
    const recovery = await second.recover();
    const [standard, priority] = await second.deadLetters();
    // Assess
    expect(recovery.recovered).toBe(0);
    expect(standard).toMatchObject({
      lane: 'standard',
      count: 1,
      entries: [
        { id: message!.messageId, reason: 'ModelInvocationError: boom', receiveCount: 1, requestId: 'req-dead-1' },
      ],
    });
    expect(priority).toMatchObject({ lane: 'priority', count: 0 });
  });

  it('re-drives dead letters to their lane and forgets them, on disk too', async () => {
    // Prepare
    const plane = await start(1);
    await plane.store.put('requests/req-redr-1.json', request('req-redr-1'), { ifNoneMatch: '*' });
    const [message] = await plane.queues[0]!.receive({});
    await plane.queues[0]!.changeVisibility(message!.receiptHandle, 0, 'transient');
    await plane.queues[0]!.receive({});
    // Act
    const outcome = await plane.redrive({ lane: 'standard' });
    // Assess
    expect(outcome.redriven).toEqual([{ lane: 'standard', id: message!.messageId }]);
    expect(ids(await plane.queues[0]!.receive({}))).toEqual(['req-redr-1']);
    expect((await plane.deadLetters())[0]!.count).toBe(0);
    expect(await readdir(join(stateDir, 'dlq', 'standard'))).toEqual([]);
  });

  it('re-drives only the selected ids', async () => {
    const plane = await start(1);
    for (const id of ['req-sel1-1', 'req-sel1-2']) {
      await plane.store.put(`requests/${id}.json`, request(id), { ifNoneMatch: '*' });
    }
    const received = await plane.queues[0]!.receive({});
    for (const m of received) await plane.queues[0]!.changeVisibility(m.receiptHandle, 0, 'x');
    await plane.queues[0]!.receive({});
    const keep = received[0]!.messageId;
    const outcome = await plane.redrive({ ids: [received[1]!.messageId] });
    expect(outcome.redriven).toHaveLength(1);
    expect((await plane.deadLetters())[0]!.entries.map((e) => e.id)).toEqual([keep]);
  });

  it('does not recover stored requests past the retention at start, and its sweep removes them, as the bucket lifecycle does', async () => {
    // Prepare: two accepted requests without results; one was last written 8 days ago.
    const now = Date.UTC(2026, 11, 2, 12);
    const first = await start();
    for (const id of ['req-old-0001', 'req-new-0001'])
      await first.store.put(`requests/${id}.json`, request(id), { ifNoneMatch: '*' });
    const eightDaysAgo = new Date(now - 8 * 86_400_000);
    await utimes(join(stateDir, 'data', 'requests', 'req-old-0001.json'), eightDaysAgo, eightDaysAgo);
    // Act: the default retention (the stack's requestRetentionDays, 7)
    const second = await startDataPlane({ kind: 'local', stateDir, now: () => now });
    planes.push(second);
    const outcome = await second.recover();
    const expired = await second.expireRequests();
    // Assess
    expect(outcome).toEqual({ recovered: 1, remaining: 0, damaged: [] });
    expect(ids(await second.queues[0]!.receive({}))).toEqual(['req-new-0001']);
    expect(expired).toEqual(['requests/req-old-0001.json']);
    expect(await second.store.list('requests/')).toEqual(['requests/req-new-0001.json']);
    // Its pending note went with it: a third start recovers the young request only.
    const third = await startDataPlane({ kind: 'local', stateDir, now: () => now });
    planes.push(third);
    expect(await third.recover()).toEqual({ recovered: 1, remaining: 0, damaged: [] });
  });

  it('keeps requests younger than a configured retention', async () => {
    const now = Date.UTC(2026, 11, 2, 12);
    const first = await start();
    for (const id of ['req-2days-01', 'req-4days-01'])
      await first.store.put(`requests/${id}.json`, request(id), { ifNoneMatch: '*' });
    for (const [id, days] of [
      ['req-2days-01', 2],
      ['req-4days-01', 4],
    ] as const) {
      const at = new Date(now - days * 86_400_000);
      await utimes(join(stateDir, 'data', 'requests', `${id}.json`), at, at);
    }
    const second = await startDataPlane({ kind: 'local', stateDir, now: () => now, requestRetentionDays: 3 });
    planes.push(second);
    await second.expireRequests();
    expect(await second.store.list('requests/')).toEqual(['requests/req-2days-01.json']);
  });
});
