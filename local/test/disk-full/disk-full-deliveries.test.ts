// Issue 15, finding 6: a delivery that fails because the disk is full (ENOSPC/EDQUOT) is the
// platform's failure, not the request's. It must not count toward maxReceiveCount, or a long full
// disk parks accepted requests in the DLQ: the message stays queued, is retried with the worker's
// backoff, and completes once the disk can be written again.
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BatchResponse, WorkRecord } from '../../../inference-stack/src/handlers/worker.ts';
import type { Queue } from '../../../inference-stack/src/ports/queue.ts';
import { type DataPlane, startDataPlane } from '../../src/data-plane.ts';
import { WorkerFailures } from '../../src/worker-failures.ts';
import { startWorkerLoop } from '../../src/worker-loop.ts';

let stateDir: string;
let plane: DataPlane | undefined;
beforeEach(async () => {
  stateDir = await mkdtemp(join(tmpdir(), 'disk-full-deliveries-'));
});
afterEach(async () => {
  await plane?.stop();
  await rm(stateDir, { recursive: true, force: true });
});

const diskFull = () =>
  Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', errno: -28 });

/** Runs the worker loop over the standard lane until `until` holds; the loop's waits move the clock, not time. */
async function runWorker(options: {
  plane: DataPlane;
  clock: { offset: number };
  process: (record: WorkRecord) => Promise<void>;
  until: () => boolean;
}) {
  const failures = new WorkerFailures();
  const waits: number[] = [];
  let reached: () => void = () => {};
  const done = new Promise<void>((resolve) => {
    reached = resolve;
  });
  // Also ends when the request reached the DLQ (the code before this fix), so that fails, not hangs.
  const standard = options.plane.queues[0]!;
  const queue: Queue = {
    receive: async (o) => {
      const got = await standard.receive(o);
      if ((await options.plane.dlqs[0]!.depth()) > 0) reached();
      return got;
    },
    delete: (handle) => standard.delete(handle),
    changeVisibility: (...args) => standard.changeVisibility(...args),
    send: (body, attributes) => standard.send(body, attributes),
    depth: () => standard.depth(),
  };
  const loop = startWorkerLoop({
    // The standard lane only: an empty lane's long poll would wait on the real clock.
    queues: [queue],
    pollersPerQueue: 1,
    waitSeconds: 1,
    retryDelaySeconds: () => 0,
    process: async (records): Promise<BatchResponse> => {
      const batchItemFailures: { itemIdentifier: string }[] = [];
      for (const record of records) {
        await options.process(record).catch((error: unknown) => {
          failures.note(record.messageId, error);
          batchItemFailures.push({ itemIdentifier: record.messageId });
        });
      }
      if (options.until()) reached();
      return { batchItemFailures };
    },
    failure: (messageId) => failures.take(messageId),
    onError: (error) => {
      throw error;
    },
    sleep: async (ms) => {
      waits.push(ms);
      options.clock.offset += ms;
      await new Promise((resolve) => setImmediate(resolve));
    },
  });
  await done;
  await loop.stop({ drainTimeoutMs: 0 });
  return waits;
}

describe('a delivery that fails because the disk is full', () => {
  it('is not counted toward the DLQ: 5 ENOSPC failures, then the request completes once', async () => {
    // Prepare: maxReceiveCount 3; the first 5 deliveries fail with ENOSPC (the result cannot be written).
    const clock = { offset: 0 };
    plane = await startDataPlane({ kind: 'local', stateDir, maxReceiveCount: 3, now: () => Date.now() + clock.offset });
    const body = JSON.stringify({ id: 'req-full-0001', model: 'alpha', lane: 'standard' });
    await plane.store.put('requests/req-full-0001.json', body, { ifNoneMatch: '*' });
    let deliveries = 0;
    let completed = 0;
    // Act
    const waits = await runWorker({
      plane,
      clock,
      process: async () => {
        deliveries += 1;
        if (deliveries <= 5) throw diskFull();
        completed += 1;
      },
      until: () => completed > 0,
    });
    // Assess
    expect([deliveries, completed]).toEqual([6, 1]);
    expect((await plane.deadLetters()).map((l) => l.count)).toEqual([0, 0]);
    expect(await plane.queues[0]!.depth()).toBe(0);
    // Retried with the worker's backoff, not at once.
    expect(waits).toEqual([1000, 1000, 1000, 2000, 4000]);
    // Nothing left counted on disk for the request.
    expect(await readdir(join(stateDir, 'receives', 'standard')).catch(() => [])).toEqual([]);
  });

  it("still dead-letters a request whose own deliveries fail (the model's error), full disk or not in between", async () => {
    // Prepare: deliveries alternate the disk being full and the model failing.
    const clock = { offset: 0 };
    plane = await startDataPlane({ kind: 'local', stateDir, maxReceiveCount: 3, now: () => Date.now() + clock.offset });
    const body = JSON.stringify({ id: 'req-bad-00001', model: 'alpha', lane: 'standard' });
    await plane.store.put('requests/req-bad-00001.json', body, { ifNoneMatch: '*' });
    let deliveries = 0;
    // Act
    await runWorker({
      plane,
      clock,
      process: async () => {
        deliveries += 1;
        throw deliveries % 2 === 1 ? diskFull() : new Error('ModelInvocationError: boom');
      },
      until: () => deliveries >= 6,
    });
    await plane.queues[0]!.receive({});
    // Assess: 3 model failures (deliveries 2, 4, 6) reach the DLQ; the 3 full-disk ones did not count.
    const [standard] = await plane.deadLetters();
    expect(standard).toMatchObject({ count: 1, entries: [{ requestId: 'req-bad-00001', receiveCount: 3 }] });
    expect(standard!.entries[0]!.reason).toContain('boom');
  });
});
