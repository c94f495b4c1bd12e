// Metric windows and the judge's strata from CloudWatch with GetMetricData. A window: invocation
// and error sums, the error rate by metric math, p50/p99 (one datapoint for the whole window).
// Strata: per minute, Invocations and Errors sums and the Sum of each latency bucket's count
// (MetricName.latencyBucket, dimension Bucket, which the handlers publish by EMF): exact counts, the
// same evidence the local metric store keeps, so the judge decides alike on both planes.
import {
  type CloudWatchClient,
  type Dimension,
  GetMetricDataCommand,
  type GetMetricDataCommandOutput,
  type MetricDataQuery,
} from '@aws-sdk/client-cloudwatch';
import { METRICS_NAMESPACE, MetricName } from '../../domain/metric-contract.ts';
import { emptyHistogram, LATENCY_BUCKETS, latencyBucketLabel } from '../../domain/stats/latency-histogram.ts';
import type { MetricsReader, MetricWindow, StratumCounts, WindowQuery } from '../../ports/metrics.ts';

/** The judge's strata are CloudWatch's standard-resolution minutes. */
export const STRATUM_SECONDS = 60;

export class CloudWatchMetricsReader implements MetricsReader {
  constructor(
    private readonly client: CloudWatchClient,
    private readonly namespace = METRICS_NAMESPACE,
  ) {}

  async window(q: WindowQuery): Promise<MetricWindow> {
    // One datapoint for the whole window: the period is the window, rounded up to a minute.
    const period = Math.max(60, Math.ceil((q.until - q.since) / 60_000) * 60);
    const dimensions = dimensionsOf(q);
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
        ],
      }),
    );
    const value = (id: string) => out.MetricDataResults?.find((r) => r.Id === id)?.Values?.[0];
    return { count: value('inv') ?? 0, errors: value('err') ?? 0, p50Ms: value('p50'), p99Ms: value('p99') };
  }

  async strata(q: WindowQuery): Promise<StratumCounts[]> {
    // The bucket metrics carry the Version dimension only: a track without a version has no strata.
    if (q.version === undefined) return [];
    const dimensions = dimensionsOf(q);
    const sum = (Id: string, MetricName: string, extra: Dimension[] = []): MetricDataQuery => ({
      Id,
      MetricStat: {
        Metric: { Namespace: this.namespace, MetricName, Dimensions: [...dimensions, ...extra] },
        Period: STRATUM_SECONDS,
        Stat: 'Sum',
      },
      ReturnData: true,
    });
    const queries = [
      sum('inv', MetricName.invocations),
      sum('err', MetricName.errors),
      ...Array.from({ length: LATENCY_BUCKETS }, (_, i) =>
        sum(`b${i}`, MetricName.latencyBucket, [{ Name: 'Bucket', Value: latencyBucketLabel(i) }]),
      ),
    ];
    const period = STRATUM_SECONDS * 1000;
    const byStart = new Map<number, { requests: number; errors: number; latencyBuckets: number[] }>();
    const at = (start: number) => {
      let s = byStart.get(start);
      if (!s) {
        s = { requests: 0, errors: 0, latencyBuckets: emptyHistogram() };
        byStart.set(start, s);
      }
      return s;
    };
    let nextToken: string | undefined;
    do {
      const out: GetMetricDataCommandOutput = await this.client.send(
        new GetMetricDataCommand({
          StartTime: new Date(Math.floor(q.since / period) * period),
          EndTime: new Date(Math.floor(q.until / period) * period + period),
          MetricDataQueries: queries,
          ScanBy: 'TimestampAscending',
          ...(nextToken ? { NextToken: nextToken } : {}),
        }),
      );
      for (const result of out.MetricDataResults ?? []) {
        const values = result.Values ?? [];
        const times = result.Timestamps ?? [];
        for (let j = 0; j < values.length; j++) {
          const time = times[j];
          if (!time) continue;
          const stratum = at(time.getTime());
          if (result.Id === 'inv') stratum.requests += values[j]!;
          else if (result.Id === 'err') stratum.errors += values[j]!;
          else stratum.latencyBuckets[Number(result.Id!.slice(1))]! += values[j]!;
        }
      }
      nextToken = out.NextToken;
    } while (nextToken);
    return [...byStart.entries()].sort(([a], [b]) => a - b).map(([start, counts]) => ({ start, ...counts }));
  }
}

function dimensionsOf(q: WindowQuery): Dimension[] {
  return [
    { Name: 'Model', Value: q.model },
    { Name: 'Track', Value: q.track },
    ...(q.version !== undefined ? [{ Name: 'Version', Value: q.version }] : []),
  ];
}
