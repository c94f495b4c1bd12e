// The outcome of one gate assessment: why a rollout may go on, must wait, or must roll back.
import type { JudgeResult } from '../stats/judge-result.ts';

export type FailedBy =
  | { readonly kind: 'alarm'; readonly alarm: string; readonly reason: string }
  | {
      readonly kind: 'threshold';
      readonly metric: 'error-rate' | 'p99-latency';
      readonly value: number;
      readonly limit: number;
    }
  | { readonly kind: 'judge'; readonly result: JudgeResult };

export type Verdict =
  | { readonly outcome: 'pass'; readonly why: string; readonly judge?: JudgeResult }
  | { readonly outcome: 'wait'; readonly why: string; readonly judge?: JudgeResult }
  | { readonly outcome: 'fail'; readonly why: string; readonly failedBy: FailedBy; readonly judge?: JudgeResult };
