// Metrics and alarms per model, track and version. The inference worker records invocations
// (EMF on AWS, the local metric store on `npm start`); the controller reads windows and alarm states.
import type { Track } from '../domain/route-table.ts';
import type { TrackCounts } from '../domain/stats/evidence.ts';

export interface InvocationRecord {
  readonly model: string;
  readonly track: Track;
  readonly version: string;
  readonly latencyMs: number;
  readonly error: boolean;
  /** Epoch ms. */
  readonly at: number;
}

export interface MetricSink {
  record(invocation: InvocationRecord): void;
}

export interface WindowQuery {
  readonly model: string;
  readonly track: Track;
  readonly version?: string;
  readonly since: number;
  readonly until: number;
}

export interface MetricWindow {
  readonly count: number;
  readonly errors: number;
  readonly p50Ms: number | undefined;
  readonly p99Ms: number | undefined;
  /** Raw latency samples (a bounded reservoir), where the plane keeps them; only the old judge rule used them. */
  readonly latencySamplesMs?: readonly number[];
}

/** One time stratum of one track: counts and the latency histogram of latency-histogram.ts. */
export interface StratumCounts extends TrackCounts {
  /** Stratum start, epoch ms. */
  readonly start: number;
}

export interface MetricsReader {
  window(query: WindowQuery): Promise<MetricWindow>;
  /** The judge's evidence: per time stratum overlapping [since, until], oldest first; empty strata may be left out. */
  strata(query: WindowQuery): Promise<readonly StratumCounts[]>;
}

export type AlarmStateValue = 'OK' | 'ALARM' | 'INSUFFICIENT_DATA';

export interface AlarmStatus {
  readonly name: string;
  readonly state: AlarmStateValue;
  readonly reason: string;
  /** Epoch ms of the last state change. */
  readonly since: number;
}

export interface AlarmReader {
  /**
   * States of the named alarms, in order.
   * @throws MissingAlarmError when an alarm does not exist on CloudWatch: a typo in `gates.alarms`
   *   must stop the rollout, not remove a guard. (Locally only this product's own alarms exist; a
   *   name the local evaluator does not define reads as INSUFFICIENT_DATA.)
   */
  states(names: readonly string[]): Promise<AlarmStatus[]>;
}

export class MissingAlarmError extends Error {
  override readonly name = 'MissingAlarmError';
  constructor(readonly alarms: readonly string[]) {
    super(`no such alarm: ${alarms.join(', ')} (check gates.alarms in models.yaml and the stack's alarms)`);
  }
}
