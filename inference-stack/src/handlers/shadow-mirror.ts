// Mirrors requests stable answered to the candidate of a shadow release, off the response path: the
// caller already has stable's answer. Work waits in a bounded queue run by a few workers; when the
// queue is full the mirrored request is dropped and counted, so pressure never reaches the callers.
// Each mirrored answer is compared with stable's (domain/compare-outputs.ts) and recorded as a pair
// for the divergence gate, and as a candidate invocation for the other gates.
import type { MetricSink } from '../../../release-tools/src/ports/metrics.ts';
import type { MirrorSink } from '../../../release-tools/src/ports/mirrored-pairs.ts';
import { compareOutputs } from '../domain/compare-outputs.ts';
import type { MirrorJob } from '../domain/mirror-message.ts';
import { invokeOptions } from '../domain/router.ts';
import { type ModelHost, ModelInvocationError } from '../ports/model-host.ts';

export interface ShadowMirrorDeps {
  readonly host: ModelHost;
  readonly metrics: MetricSink;
  readonly pairs: MirrorSink;
  readonly now: () => number;
  readonly onError?: (error: unknown) => void;
}

export interface ShadowMirrorOptions {
  /** Mirrored requests waiting at most; more are dropped. @default 64 */
  readonly capacity?: number;
  /** Mirrored requests running at once. @default 2 */
  readonly concurrency?: number;
}

export class ShadowMirror {
  private readonly queue: MirrorJob[] = [];
  private readonly capacity: number;
  private readonly concurrency: number;
  private running = 0;
  private idle: (() => void)[] = [];

  constructor(
    private readonly deps: ShadowMirrorDeps,
    options: ShadowMirrorOptions = {},
  ) {
    this.capacity = options.capacity ?? 64;
    this.concurrency = options.concurrency ?? 2;
  }

  /** Queues the job, or drops and counts it when the queue is full. Returns whether it was queued. */
  offer(job: MirrorJob): boolean {
    if (this.queue.length >= this.capacity) {
      this.deps.pairs.dropped({ model: job.model, candidateVersion: job.candidate.version, at: this.deps.now() });
      return false;
    }
    this.queue.push(job);
    this.pump();
    return true;
  }

  /** Resolves once nothing is queued or running (a Lambda returns only then; stop() waits for it). */
  drained(): Promise<void> {
    if (this.running === 0 && this.queue.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.idle.push(resolve));
  }

  private pump(): void {
    while (this.running < this.concurrency && this.queue.length > 0) {
      const job = this.queue.shift()!;
      this.running++;
      void mirrorOnce(job, this.deps)
        .catch((error: unknown) => {
          // Throttled, endpoint down: not the candidate's error, and not a comparison either.
          this.deps.pairs.dropped({ model: job.model, candidateVersion: job.candidate.version, at: this.deps.now() });
          this.deps.onError?.(error);
        })
        .finally(() => {
          this.running--;
          this.pump();
          if (this.running === 0 && this.queue.length === 0) for (const resolve of this.idle.splice(0)) resolve();
        });
    }
  }
}

/**
 * Invokes the candidate with a mirrored request and records the comparison as a pair, and the
 * invocation as the candidate's; shared by this queue and the Lambdas' budgeted mirror
 * (mirror-after-result.ts). A model error is the candidate's error, not a pair; any other failure
 * (throttled, endpoint down) is thrown for the caller to drop and count.
 */
export async function mirrorOnce(
  job: MirrorJob,
  deps: Pick<ShadowMirrorDeps, 'host' | 'metrics' | 'pairs' | 'now'>,
): Promise<void> {
  const { candidate } = job;
  const started = deps.now();
  const record = (error: boolean, latencyMs: number) =>
    deps.metrics.record({
      model: job.model,
      track: 'candidate',
      version: candidate.version,
      latencyMs,
      error,
      at: started,
    });
  try {
    const invocation = await deps.host.invoke(candidate.targetModel, job.inputs, invokeOptions(candidate));
    record(false, invocation.loadMs + invocation.inferenceMs);
    const comparison = compareOutputs(job.stable.outputs, invocation.outputs);
    deps.pairs.pair({
      model: job.model,
      stableVersion: job.stable.version,
      candidateVersion: candidate.version,
      requestId: job.requestId,
      ...comparison,
      at: started,
    });
  } catch (error) {
    if (!(error instanceof ModelInvocationError)) throw error;
    record(true, deps.now() - started);
  }
}
