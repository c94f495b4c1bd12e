// Metric windows from CloudWatch with one GetMetricData call: invocation and error sums, the error
// rate by metric math, p50/p99, and 20 latency quantiles that stand in for samples for the judge
// (CloudWatch keeps no raw samples; a quantile sketch makes Mann-Whitney conservative, not wrong).
import { type CloudWatchClient, GetMetricDataCommand, type MetricDataQuery } from '@aws-sdk/client-cloudwatch';
import { METRICS_NAMESPACE, MetricName } from '../../domain/metric-contract.ts';
import type { MetricsReader, MetricWindow, WindowQuery } from '../../ports/metrics.ts';

const QUANTILES = Array.from({ length: 20 }, (_, i) => 2.5 + i * 5);

export class CloudWatchMetricsReader implements MetricsReader {
  constructor(
    private readonly client: CloudWatchClient,
    private readonly namespace = METRICS_NAMESPACE,
  ) {}

  async window(q: WindowQuery): Promise<MetricWindow> {
    // One datapoint for the whole window: the period is the window, rounded up to a minute.
    const period = Math.max(60, Math.ceil((q.until - q.since) / 60_000) * 60);
    const dimensions = [
      { Name: 'Model', Value: q.model },
      { Name: 'Track', Value: q.track },
      ...(q.version !== undefined ? [{ Name: 'Version', Value: q.version }] : []),
    ];
    const stat = (Id: string, MetricName: string, Stat: string): MetricDataQuery => ({
      Id,
      MetricStat: { Metric: { Namespace: this.namespace, MetricName, Dimensions: dimensions }, Period: period, Stat },
      ReturnData: true,
    });
    const out = await this.client.send(
      new GetMetricDataCommand({
        StartTime: new Date(q.since),
        EndTime: new Date(q.since + period * 1000),
        MetricDataQueries: [
          stat('inv', MetricName.invocations, 'Sum'),
          stat('err', MetricName.errors, 'Sum'),
          { Id: 'rate', Expression: 'IF(inv > 0, err / inv, 0)', Label: 'ErrorRate', ReturnData: true },
          stat('p50', MetricName.latency, 'p50'),
          stat('p99', MetricName.latency, 'p99'),
          ...QUANTILES.map((p, i) => stat(`q${i}`, MetricName.latency, `p${p}`)),
        ],
      }),
    );
    const value = (id: string) => out.MetricDataResults?.find((r) => r.Id === id)?.Values?.[0];
    const count = value('inv') ?? 0;
    const quantiles = QUANTILES.map((_, i) => value(`q${i}`)).filter((v): v is number => v !== undefined);
    return {
      count,
      errors: value('err') ?? 0,
      p50Ms: value('p50'),
      p99Ms: value('p99'),
      latencySamplesMs: count >= quantiles.length ? quantiles : [],
    };
  }
}
