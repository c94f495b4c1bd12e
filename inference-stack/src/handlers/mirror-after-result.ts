// Shadow mirroring inside one Lambda invocation (the worker's batch, the mirror function's batch):
// a Lambda is frozen once it returns, so mirrored work cannot outlive the invocation as it does in
// the local plane's queue (shadow-mirror.ts). It is bounded instead: at most `maxJobs` mirrored
// invokes, `concurrency` at once, none started after `deadline`; at the deadline whatever is still
// queued or running is dropped and counted, and what was mirrored is flushed as one batch per model
// and candidate version. Stable's results are stored before a job is offered, so none of this is on
// a caller's path; it only holds the batch's acknowledgement until the deadline at most.
import type { MetricSink } from '../../../release-tools/src/ports/metrics.ts';
import type { BufferedMirrorSink, MirrorSink } from '../../../release-tools/src/ports/mirrored-pairs.ts';
import type { MirrorJob } from '../domain/mirror-message.ts';
import type { ModelHost } from '../ports/model-host.ts';
import { mirrorOnce } from './shadow-mirror.ts';

export interface MirrorBudget {
  /** Mirrored invokes per invocation at most; more are dropped and counted. */
  readonly maxJobs: number;
  /** Mirrored invokes running at once. */
  readonly concurrency: number;
  /** Epoch ms: nothing starts after it, and what runs then is dropped and counted. */
  readonly deadline: number;
}

export interface MirrorAfterResultDeps {
  readonly host: ModelHost;
  readonly metrics: MetricSink;
  readonly pairs: BufferedMirrorSink;
  /** Epoch ms. */
  readonly now: () => number;
  /** Resolves after `ms` (a timer on AWS; tests resolve it when they choose). */
  readonly sleep: (ms: number) => Promise<void>;
  readonly onError?: (error: unknown) => void;
}

export interface MirrorOutcome {
  /** Mirrored invokes that finished: a pair, or the candidate's own model error. */
  readonly mirrored: number;
  readonly dropped: number;
}

export class MirrorAfterResult {
  private readonly queue: MirrorJob[] = [];
  private offered = 0;
  private readonly running = new Set<MirrorJob>();
  private mirrored = 0;
  private dropped = 0;
  private closed = false;
  private idle: (() => void)[] = [];
  // What a job records once the invocation is over (a frozen request thawed later) is discarded:
  // it was counted as dropped at the deadline.
  private readonly open: { pairs: MirrorSink; metrics: MetricSink };

  constructor(
    private readonly deps: MirrorAfterResultDeps,
    private readonly budget: MirrorBudget,
  ) {
    this.open = {
      pairs: {
        pair: (p) => {
          if (!this.closed) deps.pairs.pair(p);
        },
        dropped: (d) => {
          if (!this.closed) deps.pairs.dropped(d);
        },
      },
      metrics: {
        record: (r) => {
          if (!this.closed) deps.metrics.record(r);
        },
      },
    };
  }

  /** Queues the job, or drops and counts it when the budget is spent. Returns whether it was queued. */
  offer(job: MirrorJob): boolean {
    if (this.closed || this.offered >= this.budget.maxJobs || this.deps.now() >= this.budget.deadline) {
      this.drop(job);
      return false;
    }
    this.offered++;
    this.queue.push(job);
    this.pump();
    return true;
  }

  /**
   * Waits for the mirrored invokes until the deadline, drops and counts what is left, and flushes the
   * pairs. Never throws: the batch's results are stored already; a failed flush is reported to onError.
   */
  async finish(): Promise<MirrorOutcome> {
    if (this.running.size > 0 || this.queue.length > 0) {
      const left = this.budget.deadline - this.deps.now();
      await Promise.race([new Promise<void>((resolve) => this.idle.push(resolve)), this.deps.sleep(Math.max(0, left))]);
    }
    for (const job of [...this.queue.splice(0), ...this.running]) this.drop(job);
    this.running.clear();
    this.closed = true;
    try {
      await this.deps.pairs.flush();
    } catch (error) {
      this.deps.onError?.(error);
    }
    return { mirrored: this.mirrored, dropped: this.dropped };
  }

  private pump(): void {
    while (this.running.size < this.budget.concurrency && this.queue.length > 0) {
      const job = this.queue.shift()!;
      if (this.deps.now() >= this.budget.deadline) {
        this.drop(job);
        continue;
      }
      this.running.add(job);
      const deps = { host: this.deps.host, now: this.deps.now, ...this.open };
      void mirrorOnce(job, deps)
        .then(
          () => {
            if (this.running.delete(job)) this.mirrored++;
          },
          (error: unknown) => {
            // Throttled, endpoint down: not the candidate's error, and not a comparison either.
            if (this.running.delete(job)) this.drop(job);
            this.deps.onError?.(error);
          },
        )
        .finally(() => {
          if (this.closed) return;
          this.pump();
          if (this.running.size === 0 && this.queue.length === 0) for (const resolve of this.idle.splice(0)) resolve();
        });
    }
  }

  /** Drops and counts a job without trying it (a mirrored request that waited too long). */
  drop(job: MirrorJob): void {
    this.dropped++;
    if (!this.closed)
      this.deps.pairs.dropped({ model: job.model, candidateVersion: job.candidate.version, at: this.deps.now() });
  }
}
