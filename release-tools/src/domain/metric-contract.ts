// The metric contract between what emits (the handlers, the worker, the controller's weight gauge)
// and what reads (alarms, dashboards, the controller's metric reader), on both planes. Alarms key on
// Model and Track only, so they are defined once per model and track and survive releases.
import type { Track } from './route-table.ts';

/** CloudWatch namespace; the Lambda functions receive it as the METRICS_NAMESPACE variable. */
export const METRICS_NAMESPACE = 'ModelRelease';

export const MetricName = {
  invocations: 'Invocations',
  errors: 'Errors',
  /** Milliseconds, end to end inside the worker or the synchronous invoke handler. */
  latency: 'Latency',
  /**
   * Count (1 per request) with dimensions Model, Track, Version and Bucket (the latency bucket's
   * label, domain/stats/latency-histogram.ts): its Sum per Bucket is the judge's latency histogram.
   */
  latencyBucket: 'LatencyBucket',
  /** Percent (0..100) of traffic routed to the candidate, emitted by the controller per model. */
  candidateWeight: 'CandidateWeight',
  /** Mirrored requests of a shadow the synchronous invoke could not hand off (Count; Model, Version). */
  mirrorDropped: 'MirrorDropped',
  /**
   * Count (1 per message) with dimensions Model and Version: the worker failed the message on its
   * last allowed receive, so SQS moves it to the lane's DLQ; Version is where it was routed.
   */
  deadLettered: 'DeadLettered',
} as const;

export const TRACKS: readonly Track[] = ['stable', 'candidate'];

/** Every alarm and dashboard this product owns starts with this, so one EventBridge rule can watch them all. */
export const ALARM_PREFIX = 'mlrelease-';

export function dashboardName(model: string): string {
  return `${ALARM_PREFIX}${model}`;
}
