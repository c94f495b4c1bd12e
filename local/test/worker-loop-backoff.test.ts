// A poller that keeps failing (a full disk: the dead letter cannot be written) waits longer after
// each failure instead of retrying every 250 ms and writing an error line each time; a whole round
// that succeeds starts again from 250 ms.
import { describe, expect, it } from 'vitest';
import type { Queue, QueueMessage } from '../../inference-stack/src/ports/queue.ts';
import { errorBackoffMs, startWorkerLoop } from '../src/worker-loop.ts';

const message: QueueMessage = { messageId: 'm-1', receiptHandle: 'r-1', body: '{}', receiveCount: 1, attributes: {} };

/** Every receive returns the message; changeVisibility fails while `failing` says so. */
function queueFailingOn(failing: (round: number) => boolean) {
  let round = 0;
  const queue: Queue = {
    receive: async () => {
      round += 1;
      return [message];
    },
    delete: async () => {},
    changeVisibility: async () => {
      if (failing(round)) throw new Error('ENOSPC: no space left on device');
    },
    send: async () => 'id',
    depth: async () => 0,
  };
  return queue;
}

describe('the local worker loop after errors', () => {
  it('doubles its wait from 250 ms to at most 10 s', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8].map(errorBackoffMs)).toEqual([250, 500, 1000, 2000, 4000, 8000, 10_000, 10_000]);
  });

  it('backs off while rounds fail after a successful receive, and starts again after a whole round', async () => {
    // Prepare: rounds 1-4 fail at changeVisibility, 5 succeeds, 6-7 fail.
    const waits: number[] = [];
    const errors: unknown[] = [];
    let sixWaits: () => void = () => {};
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const waited = new Promise<void>((resolve) => {
      sixWaits = resolve;
    });
    const loop = startWorkerLoop({
      queues: [queueFailingOn((round) => round !== 5)],
      pollersPerQueue: 1,
      process: async () => ({ batchItemFailures: [{ itemIdentifier: 'm-1' }] }),
      onError: (error) => errors.push(error),
      sleep: async (ms) => {
        waits.push(ms);
        // Holds the poller after the sixth wait until the test has stopped it.
        if (waits.length === 6) {
          sixWaits();
          await held;
        }
      },
    });
    // Act
    await waited;
    const stopped = loop.stop({ drainTimeoutMs: 0 });
    release();
    await stopped;
    // Assess
    expect(waits).toEqual([250, 500, 1000, 2000, 250, 500]);
    expect(errors).toHaveLength(6);
  });
});
