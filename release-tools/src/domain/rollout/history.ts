// Append-only history: every transition says when, from what, to what, who did it and why.
import type { DeadLetterResult } from '../gates/dead-letter-gate.ts';
import type { DivergenceResult } from '../gates/divergence-gate.ts';
import type { JudgeResult } from '../stats/judge-result.ts';
import type { Phase } from './record.ts';

export type EventType =
  | 'started'
  | 'compiling'
  | 'registered'
  | 'warmed'
  | 'step'
  | 'promoted'
  | 'rolled-back'
  | 'aborted'
  | 'paused'
  | 'resumed'
  | 'retired'
  | 'held'
  | 'hold-released'
  | 'intent-ignored'
  /** A step gate holds the step: a webhook did not pass, or it waits for `mlrelease approve`. */
  | 'waiting'
  | 'approved';

export interface HistoryEvent {
  readonly at: number;
  readonly rolloutId: number;
  readonly type: EventType;
  readonly version: string;
  readonly from?: Phase;
  readonly to: Phase;
  /** `controller` or the user who recorded the intent. */
  readonly who: string;
  /** Alarm name, judge result, threshold or the user's reason, in words. */
  readonly why: string;
  readonly step?: number;
  readonly weight?: number;
  readonly alarm?: string;
  readonly judge?: JudgeResult;
  /** The divergence gate's finding on mirrored pairs (shadow), with example request ids. */
  readonly divergence?: DivergenceResult;
  /** The candidate's dead letters (async path) when they decided or were seen; absent in older events. */
  readonly deadLetters?: DeadLetterResult;
  /**
   * rolled-back / aborted: whether the version is now held (not retried while models.yaml names
   * it). Absent in records written before holds were explicit; an abort then held its version.
   */
  readonly held?: boolean;
}

export const CONTROLLER = 'controller';
