// Request retention for both local data planes, as the data bucket's lifecycle rule on AWS
// (`expire-requests`, inference-stack/src/constructs/data-bucket.ts): stored requests older than
// requestRetentionDays are removed, whether or not they have a result; results are kept (the
// bucket only tiers them). Swept a little after start, off the start's path (recovery leaves expired
// requests alone by itself), then hourly.
import { DEFAULT_CONFIG } from '../../../inference-stack/src/stack/infra-config.ts';

/** A store that can remove objects by age, as a lifecycle expiration rule does. */
export interface ObjectExpiry {
  /** Removes the objects under `prefix` last written before `cutoff` (epoch ms); returns their keys. */
  expireOlderThan(prefix: string, cutoff: number): Promise<readonly string[]>;
}

export interface RequestRetentionOptions {
  readonly expiry: ObjectExpiry;
  readonly prefix: string;
  /** @default the stack's requestRetentionDays (7) */
  readonly retentionDays?: number;
  readonly now?: () => number;
  /** Told the keys each sweep removed (e.g. to drop their pending notes). */
  readonly onExpired?: (keys: readonly string[]) => Promise<void> | void;
  /** A failed sweep (a full disk, the emulator stopping) is tried again at the next one. */
  readonly onError?: (error: unknown) => void;
  /** @default 1 h */
  readonly everyMs?: number;
  /** @default 10 s */
  readonly firstAfterMs?: number;
}

export interface RequestRetention {
  /** Whether a request last written at `writtenAt` is past retention (recovery does not re-enqueue it). */
  isExpired(writtenAt: number): boolean;
  /** Sweeps now; joins a sweep already running. */
  sweep(): Promise<readonly string[]>;
  stop(): void;
}

const DAY_MS = 86_400_000;

export function startRequestRetention(options: RequestRetentionOptions): RequestRetention {
  const now = options.now ?? Date.now;
  const retentionMs = (options.retentionDays ?? DEFAULT_CONFIG.requestRetentionDays) * DAY_MS;
  let running: Promise<readonly string[]> | undefined;
  const sweep = () => {
    running ??= (async () => {
      try {
        const expired = await options.expiry.expireOlderThan(options.prefix, now() - retentionMs);
        if (expired.length > 0) await options.onExpired?.(expired);
        return expired;
      } finally {
        running = undefined;
      }
    })();
    return running;
  };
  const background = () =>
    void sweep().catch((error: unknown) => {
      options.onError?.(error);
    });
  const first = setTimeout(background, options.firstAfterMs ?? 10_000);
  const hourly = setInterval(background, options.everyMs ?? 3_600_000);
  first.unref();
  hourly.unref();
  return {
    isExpired: (writtenAt) => writtenAt < now() - retentionMs,
    sweep,
    stop: () => {
      clearTimeout(first);
      clearInterval(hourly);
    },
  };
}
