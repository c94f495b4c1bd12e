// A platform that started read-only (its state dir could not be written) keeps asking whether it
// can write now, and once it can, leaves read-only mode by itself (`onWritable`: the lock, the
// worker, recovery, releases, platform.json): freeing space or remounting is the whole fix, no
// restart. A leave that fails (another platform took the state dir meanwhile) is logged, and the
// probing goes on.
import type { WriteProbe } from './write-probe.ts';

export interface WritableWatchOptions {
  readonly dir: string;
  readonly probe: (dir: string) => Promise<WriteProbe>;
  /** @default 30000 */
  readonly everyMs?: number;
  readonly onWritable: () => Promise<void>;
  readonly log: (line: string) => void;
}

export interface WritableWatch {
  stop(): Promise<void>;
}

export function watchUntilWritable(options: WritableWatchOptions): WritableWatch {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let lastFailure: string | undefined;
  const check = async () => {
    const probe = await options.probe(options.dir).catch((error: unknown) => ({
      writable: false as const,
      reason: String(error),
    }));
    if (stopped || !probe.writable) return schedule();
    try {
      await options.onWritable();
    } catch (error) {
      // Said once per distinct failure, not every 30 s.
      if (String(error) !== lastFailure) options.log(`still read-only: ${String(error)}`);
      lastFailure = String(error);
      schedule();
    }
  };
  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => {
      running = check();
    }, options.everyMs ?? 30_000);
    timer.unref();
  };
  schedule();
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
