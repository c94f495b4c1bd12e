// The metric contract between the handlers/controller that emit and the alarms/dashboards that read.
// Alarms key on Model and Track only, so they are defined once per model and track and survive releases.

export const METRICS_NAMESPACE = 'ModelRelease';

export const MetricName = {
  invocations: 'Invocations',
  errors: 'Errors',
  /** Milliseconds, end to end inside the worker or the synchronous invoke handler. */
  latency: 'Latency',
  /** Percent (0..100) of traffic routed to the candidate, emitted by the controller per model. */
  candidateWeight: 'CandidateWeight',
} as const;

export const TRACKS = ['stable', 'candidate'] as const;
export type Track = (typeof TRACKS)[number];

/** Every alarm this product owns starts with this, so one EventBridge rule can watch them all. */
export const ALARM_PREFIX = 'mlrelease-';

export function alarmName(model: string, track: Track, kind: 'error-rate' | 'p99-latency'): string {
  return `${ALARM_PREFIX}${model}-${track}-${kind}`;
}

export function dashboardName(model: string): string {
  return `${ALARM_PREFIX}${model}`;
}
