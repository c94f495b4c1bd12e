// The synchronous invoke's side of a shadow: a Lambda cannot work after it has answered, and the
// caller must not wait for the candidate, so the mirrored request is handed to the mirror queue
// (one SQS SendMessage, sent as soon as stable has answered) and the mirror function does the rest
// (mirror-jobs.ts). The handoff is bounded: at most `maxJobs` per invocation, a body SQS accepts,
// and `timeoutMs` of waiting for the send; anything else is dropped and counted.
import type { MirrorSink } from '../../../release-tools/src/ports/mirrored-pairs.ts';
import { encodeMirrorMessage, type MirrorJob } from '../domain/mirror-message.ts';
import type { Queue } from '../ports/queue.ts';

/** SQS's message size limit (256 KiB). */
export const MAX_MIRROR_MESSAGE_BYTES = 256 * 1024;

export interface MirrorHandoffDeps {
  readonly queue: Pick<Queue, 'send'>;
  /** Where drops are counted (a CloudWatch metric: a write to S3 would sit on the caller's path). */
  readonly drops: Pick<MirrorSink, 'dropped'>;
  /** Epoch ms. */
  readonly now: () => number;
  /** Resolves after `ms`. */
  readonly sleep: (ms: number) => Promise<void>;
  readonly onError?: (error: unknown) => void;
}

export interface MirrorHandoffOptions {
  /** Handoffs per invocation at most. @default 1 (the synchronous invoke answers one request) */
  readonly maxJobs?: number;
  /** How long the invocation waits for a send before it answers anyway (and counts a drop). @default 100 */
  readonly timeoutMs?: number;
}

export class MirrorHandoff {
  private readonly sends: Promise<void>[] = [];
  private readonly maxJobs: number;
  private readonly timeoutMs: number;

  constructor(
    private readonly deps: MirrorHandoffDeps,
    options: MirrorHandoffOptions = {},
  ) {
    this.maxJobs = options.maxJobs ?? 1;
    this.timeoutMs = options.timeoutMs ?? 100;
  }

  /** Starts sending the job to the mirror queue, or drops and counts it. Returns whether it was sent. */
  offer(job: MirrorJob): boolean {
    const body = encodeMirrorMessage(job, this.deps.now());
    if (this.sends.length >= this.maxJobs || Buffer.byteLength(body) > MAX_MIRROR_MESSAGE_BYTES) {
      this.drop(job);
      return false;
    }
    const sent = this.deps.queue.send(body, { model: job.model }).then(
      () => 'sent' as const,
      (error: unknown) => {
        this.deps.onError?.(error);
        return 'failed' as const;
      },
    );
    const late = this.deps.sleep(this.timeoutMs).then(() => 'late' as const);
    this.sends.push(
      Promise.race([sent, late]).then((outcome) => {
        if (outcome !== 'sent') this.drop(job);
      }),
    );
    return true;
  }

  /** Waits for the sends started (each at most timeoutMs): the Lambda answers after this. */
  async settle(): Promise<void> {
    await Promise.all(this.sends);
  }

  private drop(job: MirrorJob): void {
    this.deps.drops.dropped({ model: job.model, candidateVersion: job.candidate.version, at: this.deps.now() });
  }
}
