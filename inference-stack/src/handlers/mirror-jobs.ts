// The mirror function's core: mirrored requests the synchronous invoke handed off, from the mirror
// queue, run through the same bounded mirror as the worker's (mirror-after-result.ts). A message
// that waited longer than maxAgeMs is dropped and counted (the queue is backed up: the candidate
// would only add load), and nothing is ever retried (a retry could make a second pair).
import { decodeMirrorMessage } from '../domain/mirror-message.ts';
import type { MirrorAfterResult } from './mirror-after-result.ts';

export interface MirrorRecord {
  readonly messageId: string;
  readonly body: string;
}

export interface MirrorJobsDeps {
  readonly mirror: Pick<MirrorAfterResult, 'offer' | 'drop'>;
  /** Epoch ms. */
  readonly now: () => number;
  /** @default 300_000 (5 minutes) */
  readonly maxAgeMs?: number;
  readonly onError?: (messageId: string, error: unknown) => void;
}

export function offerMirrorJobs(records: readonly MirrorRecord[], deps: MirrorJobsDeps): void {
  const maxAgeMs = deps.maxAgeMs ?? 300_000;
  for (const record of records) {
    let decoded: ReturnType<typeof decodeMirrorMessage>;
    try {
      decoded = decodeMirrorMessage(record.body);
    } catch (error) {
      // Not attributable to a model: reported, not counted.
      deps.onError?.(record.messageId, error);
      continue;
    }
    const { job, offeredAt } = decoded;
    if (deps.now() - offeredAt > maxAgeMs) {
      deps.mirror.drop(job);
      continue;
    }
    deps.mirror.offer(job);
  }
}
