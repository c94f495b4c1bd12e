// The outcome of one gate assessment: why a rollout may go on, must wait, or must roll back.
import type { JudgeResult } from '../stats/judge-result.ts';
import type { DeadLetterResult } from './dead-letter-gate.ts';
import type { DivergenceResult } from './divergence-gate.ts';

export type FailedBy =
  | { readonly kind: 'alarm'; readonly alarm: string; readonly reason: string }
  | {
      readonly kind: 'threshold';
      readonly metric: 'error-rate' | 'p99-latency';
      readonly value: number;
      readonly limit: number;
    }
  | { readonly kind: 'judge'; readonly result: JudgeResult }
  | { readonly kind: 'divergence'; readonly result: DivergenceResult }
  | { readonly kind: 'dead-letters'; readonly result: DeadLetterResult };

/** What every verdict may carry besides its outcome: the statistical findings behind it. */
interface Findings {
  readonly why: string;
  readonly judge?: JudgeResult;
  readonly divergence?: DivergenceResult;
  /** The candidate's dead letters, where the controller reads them (async path). */
  readonly deadLetters?: DeadLetterResult;
}

export type Verdict =
  | ({ readonly outcome: 'pass' } & Findings)
  | ({ readonly outcome: 'wait' } & Findings)
  | ({ readonly outcome: 'fail'; readonly failedBy: FailedBy } & Findings);
