// Pure: models.yaml gates -> one error-rate and one p99-latency alarm per model and track.
import type { Manifest } from '../../../../model-registry/src/domain/manifest/types.ts';
import { alarmName, METRICS_NAMESPACE, MetricName, TRACKS, type Track } from './metric-names.ts';
import type { AlarmSpec, MetricRef } from './specs.ts';

export interface AlarmTiming {
  readonly periodSeconds: number;
  readonly evaluationPeriods: number;
  readonly datapointsToAlarm: number;
}

// Three one-minute periods, two breaching: quick enough for a 30 s bake, calm enough to ignore one blip.
export const DEFAULT_ALARM_TIMING: AlarmTiming = { periodSeconds: 60, evaluationPeriods: 3, datapointsToAlarm: 2 };

export function trackMetric(
  model: string,
  track: Track,
  metricName: string,
  statistic: string,
  period: number,
): MetricRef {
  return {
    namespace: METRICS_NAMESPACE,
    metricName,
    dimensions: { Model: model, Track: track },
    statistic,
    label: `${track} ${statistic === 'Sum' ? metricName.toLowerCase() : statistic}`,
    periodSeconds: period,
  };
}

export function renderAlarms(manifest: Manifest, timing: AlarmTiming = DEFAULT_ALARM_TIMING): AlarmSpec[] {
  const { periodSeconds: period, evaluationPeriods, datapointsToAlarm } = timing;
  return manifest.models.flatMap((model) =>
    TRACKS.flatMap((track): AlarmSpec[] => {
      const gates = model.release.gates;
      return [
        {
          alarmName: alarmName(model.name, track, 'error-rate'),
          description: `${model.name} ${track}: error rate above ${gates.maxErrorRate * 100}% (models.yaml gates.maxErrorRate)`,
          model: model.name,
          track,
          kind: 'error-rate',
          source: {
            kind: 'math',
            // No invocations -> no datapoint -> missing data, which the alarm treats as not breaching.
            expression: 'errors / invocations',
            label: `${track} error rate`,
            usingMetrics: {
              errors: trackMetric(model.name, track, MetricName.errors, 'Sum', period),
              invocations: trackMetric(model.name, track, MetricName.invocations, 'Sum', period),
            },
          },
          threshold: gates.maxErrorRate,
          evaluationPeriods,
          datapointsToAlarm,
        },
        {
          alarmName: alarmName(model.name, track, 'p99-latency'),
          description: `${model.name} ${track}: p99 latency above ${gates.maxP99LatencyMs} ms (models.yaml gates.maxP99LatencyMs)`,
          model: model.name,
          track,
          kind: 'p99-latency',
          source: { kind: 'metric', metric: trackMetric(model.name, track, MetricName.latency, 'p99', period) },
          threshold: gates.maxP99LatencyMs,
          evaluationPeriods,
          datapointsToAlarm,
        },
      ];
    }),
  );
}
