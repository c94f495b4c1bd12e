// Pure: the alarm definitions of models.yaml (the same ones the local evaluator runs) -> CloudWatch
// alarm specs: what each definition watches, as CloudWatch metrics and metric math.
import type { Manifest } from '../../../../model-registry/src/domain/manifest/types.ts';
import {
  type AlarmDefinition,
  type AlarmTiming,
  alarmDefinitions,
  DEFAULT_ALARM_TIMING,
} from '../../../../release-tools/src/domain/alarms/alarm-definition.ts';
import { METRICS_NAMESPACE, MetricName } from '../../../../release-tools/src/domain/metric-contract.ts';
import type { Track } from '../../../../release-tools/src/domain/route-table.ts';
import type { AlarmSource, AlarmSpec, MetricRef } from './specs.ts';

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
  return alarmDefinitions(manifest, timing).map((definition) => ({
    ...definition,
    description: describe(definition),
    source: sourceOf(definition),
  }));
}

function describe({ model, track, metric, threshold }: AlarmDefinition): string {
  return metric === 'error-rate'
    ? `${model} ${track}: error rate above ${threshold * 100}% (models.yaml gates.maxErrorRate)`
    : `${model} ${track}: p99 latency above ${threshold} ms (models.yaml gates.maxP99LatencyMs)`;
}

function sourceOf({ model, track, metric, periodMs }: AlarmDefinition): AlarmSource {
  const period = periodMs / 1000;
  if (metric === 'p99-latency') {
    return { kind: 'metric', metric: trackMetric(model, track, MetricName.latency, 'p99', period) };
  }
  return {
    kind: 'math',
    // No invocations -> no datapoint -> missing data, which the definition treats as not breaching.
    expression: 'errors / invocations',
    label: `${track} error rate`,
    usingMetrics: {
      errors: trackMetric(model, track, MetricName.errors, 'Sum', period),
      invocations: trackMetric(model, track, MetricName.invocations, 'Sum', period),
    },
  };
}
