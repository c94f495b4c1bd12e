// A wakeOn source for the controller loop: polls the versions of the desired state and the intent
// logs, so `mlrelease apply` or `promote` in another process is acted on within a poll, not a tick.
import { DESIRED_KEY } from '../adapters/local/state-desired-source.ts';
import { INTENT_PREFIX } from '../domain/intents.ts';
import type { StateStore } from '../ports/state-store.ts';

export function wakeOnStateChange(store: StateStore, pollMs = 500): (listener: () => void) => () => void {
  return (listener) => {
    let last: string | undefined;
    let busy = false;
    const poll = async () => {
      if (busy) return;
      busy = true;
      try {
        const keys = [DESIRED_KEY, ...(await store.list(INTENT_PREFIX))];
        const versions = await Promise.all(keys.map(async (k) => `${k}@${(await store.get(k))?.version ?? '-'}`));
        const fingerprint = versions.join(',');
        if (last !== undefined && fingerprint !== last) listener();
        last = fingerprint;
      } catch {
        // A failed poll only delays a wake-up; the loop's own tick still runs.
      } finally {
        busy = false;
      }
    };
    void poll();
    const timer = setInterval(poll, pollMs);
    timer.unref?.();
    return () => clearInterval(timer);
  };
}
