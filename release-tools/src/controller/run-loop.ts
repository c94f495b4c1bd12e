// The controller loop: reconcile on every tick, and at once when an alarm changes state.
import type { Clock } from '../ports/clock.ts';
import { systemClock } from '../ports/clock.ts';
import type { Controller } from './create-controller.ts';
import type { ReconcileReport } from './deps.ts';

export interface LoopOptions {
  readonly controller: Controller;
  readonly intervalMs: number;
  /** Subscribes a listener to wake-ups (e.g. alarm state changes); returns the unsubscribe. */
  readonly wakeOn?: (listener: () => void) => () => void;
  readonly signal: AbortSignal;
  /** @default systemClock */
  readonly clock?: Clock;
  readonly onReport?: (report: ReconcileReport) => void;
  readonly onError?: (error: unknown) => void;
}

/** Runs until `signal` aborts; resolves once the last reconcile has finished. */
export async function runControllerLoop(options: LoopOptions): Promise<void> {
  const { controller, intervalMs, signal } = options;
  const clock = options.clock ?? systemClock;
  let woken = false;
  let interrupt = new AbortController();
  const unsubscribe = options.wakeOn?.(() => {
    woken = true;
    interrupt.abort();
  });
  const stop = () => interrupt.abort();
  signal.addEventListener('abort', stop, { once: true });
  try {
    while (!signal.aborted) {
      woken = false;
      try {
        // Not inside `onReport?.(...)`: an optional call skips evaluating its arguments.
        const report = await controller.reconcile(clock.now());
        options.onReport?.(report);
      } catch (error) {
        options.onError?.(error);
      }
      // A wake-up during the reconcile means the state it read may be stale: go again at once.
      if (woken || signal.aborted) continue;
      interrupt = new AbortController();
      await clock.sleep(intervalMs, interrupt.signal);
    }
  } finally {
    signal.removeEventListener('abort', stop);
    unsubscribe?.();
  }
}
