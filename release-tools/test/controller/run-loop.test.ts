import { describe, expect, it } from 'vitest';
import type { Controller } from '../../src/controller/create-controller.ts';
import { runControllerLoop } from '../../src/controller/run-loop.ts';
import type { Clock } from '../../src/ports/clock.ts';

/** A clock whose sleeps wait until the test releases them (or an abort interrupts them). */
function manualClock() {
  let now = 0;
  const sleepers: Array<() => void> = [];
  const clock: Clock = {
    now: () => now,
    sleep: (ms, signal) =>
      new Promise((resolve) => {
        const done = () => resolve();
        signal?.addEventListener('abort', done, { once: true });
        sleepers.push(() => {
          now += ms;
          done();
        });
      }),
  };
  return { clock, elapse: () => sleepers.shift()?.(), pending: () => sleepers.length };
}

const flush = () => new Promise((r) => setImmediate(r));

describe('runControllerLoop', () => {
  it('reconciles on every tick, at once on a wake-up, and stops on abort', async () => {
    const ticks: number[] = [];
    const controller: Controller = {
      reconcile: async (now) => {
        ticks.push(now ?? -1);
        return { at: now ?? 0, models: [] };
      },
    };
    const { clock, elapse } = manualClock();
    let wake: (() => void) | undefined;
    let unsubscribed = false;
    const stop = new AbortController();

    const loop = runControllerLoop({
      controller,
      intervalMs: 5_000,
      clock,
      signal: stop.signal,
      wakeOn: (listener) => {
        wake = listener;
        return () => {
          unsubscribed = true;
        };
      },
    });
    await flush();
    elapse();
    await flush();
    wake?.();
    await flush();
    stop.abort();
    await loop;

    expect(ticks).toEqual([0, 5_000, 5_000]);
    expect(unsubscribed).toBe(true);
  });

  it('keeps running after a failed reconcile and reports the error', async () => {
    const errors: unknown[] = [];
    let calls = 0;
    const controller: Controller = {
      reconcile: async () => {
        calls++;
        throw new Error('state store down');
      },
    };
    const { clock, elapse } = manualClock();
    const stop = new AbortController();

    const loop = runControllerLoop({
      controller,
      intervalMs: 1_000,
      clock,
      signal: stop.signal,
      onError: (e) => errors.push(e),
    });
    await flush();
    elapse();
    await flush();
    stop.abort();
    await loop;

    expect(calls).toBe(2);
    expect(errors.map((e) => (e as Error).message)).toEqual(['state store down', 'state store down']);
  });
});
