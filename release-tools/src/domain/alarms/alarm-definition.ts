// Alarm definitions with CloudWatch's semantics, generated from models.yaml: per model and track,
// error rate and p99 latency. One source for the local evaluator and the CDK stack (render-alarms.ts).
import type { Manifest } from '../../../../model-registry/src/domain/manifest/types.ts';
import { TRACKS } from '../metric-contract.ts';
import type { Track } from '../route-table.ts';
import { type AlarmMetric, alarmName } from './alarm-names.ts';

export type TreatMissingData = 'missing' | 'notBreaching' | 'breaching' | 'ignore';
export type Comparison = 'GreaterThanThreshold' | 'GreaterThanOrEqualToThreshold' | 'LessThanThreshold';

export interface AlarmDefinition {
  readonly name: string;
  readonly model: string;
  readonly track: Track;
  readonly metric: AlarmMetric;
  /** error-rate: a fraction 0..1; p99-latency: ms. */
  readonly threshold: number;
  readonly comparison: Comparison;
  readonly periodMs: number;
  readonly evaluationPeriods: number;
  readonly datapointsToAlarm: number;
  readonly treatMissingData: TreatMissingData;
}

export interface AlarmTiming {
  readonly periodMs: number;
  readonly evaluationPeriods: number;
  readonly datapointsToAlarm: number;
}

/** 2 of 3 one-minute periods, as AWS recommends for noisy service metrics. */
export const DEFAULT_ALARM_TIMING: AlarmTiming = { periodMs: 60_000, evaluationPeriods: 3, datapointsToAlarm: 2 };

export function alarmDefinitions(manifest: Manifest, timing: AlarmTiming = DEFAULT_ALARM_TIMING): AlarmDefinition[] {
  return manifest.models.flatMap((m) =>
    TRACKS.flatMap((track) => [
      define(m.name, track, 'error-rate', m.release.gates.maxErrorRate, timing),
      define(m.name, track, 'p99-latency', m.release.gates.maxP99LatencyMs, timing),
    ]),
  );
}

function define(
  model: string,
  track: Track,
  metric: AlarmMetric,
  threshold: number,
  timing: AlarmTiming,
): AlarmDefinition {
  return {
    name: alarmName(model, track, metric),
    model,
    track,
    metric,
    threshold,
    comparison: 'GreaterThanThreshold',
    ...timing,
    // No traffic on a track (no candidate) is healthy, not unknown.
    treatMissingData: 'notBreaching',
  };
}
