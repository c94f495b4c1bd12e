// Pure: an alarm spec -> CloudWatch PutMetricAlarm input, the same alarm the CDK's Alarm construct
// declared (comparison, missing-data rule and timing from the one alarm definition; alarm and OK
// actions on the release events topic).
import type { MetricDataQuery, PutMetricAlarmCommandInput } from '@aws-sdk/client-cloudwatch';
import type { AlarmSpec, MetricRef } from '../../../inference-stack/src/constructs/observability/specs.ts';

const PERCENTILE = /^p\d+(\.\d+)?$/;

export function putMetricAlarmInput(spec: AlarmSpec, actionTopicArn: string): PutMetricAlarmCommandInput {
  const common: PutMetricAlarmCommandInput = {
    AlarmName: spec.name,
    AlarmDescription: spec.description,
    ComparisonOperator: spec.comparison,
    Threshold: spec.threshold,
    EvaluationPeriods: spec.evaluationPeriods,
    DatapointsToAlarm: spec.datapointsToAlarm,
    // The definition's (notBreaching: an idle track must stay OK, not block gates).
    TreatMissingData: spec.treatMissingData,
    ActionsEnabled: true,
    AlarmActions: [actionTopicArn],
    OKActions: [actionTopicArn],
  };
  if (spec.source.kind === 'metric') {
    const m = spec.source.metric;
    return {
      ...common,
      Namespace: m.namespace,
      MetricName: m.metricName,
      Dimensions: dimensions(m),
      Period: m.periodSeconds,
      ...(PERCENTILE.test(m.statistic) ? { ExtendedStatistic: m.statistic } : { Statistic: statistic(m.statistic) }),
    };
  }
  const queries: MetricDataQuery[] = [
    { Id: 'rate', Expression: spec.source.expression, Label: spec.source.label, ReturnData: true },
    ...Object.entries(spec.source.usingMetrics).map(
      ([id, m]): MetricDataQuery => ({
        Id: id,
        MetricStat: {
          Metric: { Namespace: m.namespace, MetricName: m.metricName, Dimensions: dimensions(m) },
          Period: m.periodSeconds,
          Stat: m.statistic,
        },
        ReturnData: false,
      }),
    ),
  ];
  return { ...common, Metrics: queries };
}

const dimensions = (m: MetricRef) => Object.entries(m.dimensions).map(([Name, Value]) => ({ Name, Value }));

function statistic(name: string): 'Sum' | 'Average' | 'Maximum' | 'Minimum' | 'SampleCount' {
  if (['Sum', 'Average', 'Maximum', 'Minimum', 'SampleCount'].includes(name))
    return name as 'Sum' | 'Average' | 'Maximum' | 'Minimum' | 'SampleCount';
  throw new Error(`not a CloudWatch statistic: ${name}`);
}
