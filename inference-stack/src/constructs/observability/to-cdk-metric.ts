// Turns plain metric/alarm specs into aws-cloudwatch objects.
import { Duration } from 'aws-cdk-lib';
import { type IMetric, MathExpression, Metric } from 'aws-cdk-lib/aws-cloudwatch';
import type { AlarmSource, MetricRef } from './specs.ts';

export function toMetric(ref: MetricRef): Metric {
  return new Metric({
    namespace: ref.namespace,
    metricName: ref.metricName,
    dimensionsMap: { ...ref.dimensions },
    statistic: ref.statistic,
    period: Duration.seconds(ref.periodSeconds),
    ...(ref.label ? { label: ref.label } : {}),
  });
}

export function toAlarmMetric(source: AlarmSource): IMetric {
  if (source.kind === 'metric') return toMetric(source.metric);
  const usingMetrics = Object.fromEntries(Object.entries(source.usingMetrics).map(([id, ref]) => [id, toMetric(ref)]));
  const period = Object.values(source.usingMetrics)[0]?.periodSeconds ?? 60;
  return new MathExpression({
    expression: source.expression,
    usingMetrics,
    label: source.label,
    period: Duration.seconds(period),
  });
}
