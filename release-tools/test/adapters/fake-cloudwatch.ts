// A CloudWatch behind aws-sdk-client-mock that answers GetMetricData from raw invocations and
// DescribeAlarms from a state map, so the CloudWatch adapters can run the local contracts.
import {
  CloudWatchClient,
  DescribeAlarmsCommand,
  type Dimension,
  GetMetricDataCommand,
} from '@aws-sdk/client-cloudwatch';
import { mockClient } from 'aws-sdk-client-mock';
import type { AlarmStatus, InvocationRecord } from '../../src/ports/metrics.ts';

export function fakeCloudWatch(invocations: readonly InvocationRecord[], alarms: readonly AlarmStatus[] = []) {
  const mock = mockClient(CloudWatchClient);
  // One datapoint per Period from StartTime, as CloudWatch aggregates; empty periods are left out.
  mock.on(GetMetricDataCommand).callsFake(async (input) => {
    const start = input.StartTime!.getTime();
    const end = input.EndTime!.getTime();
    const results = [];
    for (const q of input.MetricDataQueries ?? []) {
      if (!q.MetricStat) continue;
      const dims = Object.fromEntries((q.MetricStat.Metric!.Dimensions ?? []).map((d: Dimension) => [d.Name, d.Value]));
      const stat = q.MetricStat.Stat!;
      const name = q.MetricStat.Metric!.MetricName;
      const periodMs = q.MetricStat.Period! * 1000;
      const timestamps: Date[] = [];
      const values: number[] = [];
      for (let from = start; from < end; from += periodMs) {
        const hits = invocations.filter(
          (i) =>
            i.at >= from &&
            i.at < Math.min(end, from + periodMs) &&
            i.model === dims.Model &&
            i.track === dims.Track &&
            (dims.Version === undefined || i.version === dims.Version) &&
            (dims.Bucket === undefined || inBucket(i.latencyMs, dims.Bucket)),
        );
        if (hits.length === 0) continue;
        const value =
          name === 'Invocations' || name === 'LatencyBucket'
            ? hits.length
            : name === 'Errors'
              ? hits.filter((h) => h.error).length
              : nearestRank(
                  hits.map((h) => h.latencyMs),
                  Number(stat.slice(1)),
                );
        if (value === undefined) continue;
        timestamps.push(new Date(from));
        values.push(value);
      }
      results.push({ Id: q.Id!, Timestamps: timestamps, Values: values });
    }
    return { MetricDataResults: results };
  });
  mock.on(DescribeAlarmsCommand).callsFake(async (input) => ({
    MetricAlarms: alarms
      .filter((a) => input.AlarmNames?.includes(a.name))
      .map((a) => ({
        AlarmName: a.name,
        StateValue: a.state,
        StateReason: a.reason,
        StateUpdatedTimestamp: new Date(a.since),
      })),
  }));
  return { mock, client: new CloudWatchClient({ region: 'eu-west-1' }) };
}

/**
 * The upper bounds the `Bucket` dimension names, as the wire format documents them (written here, not
 * taken from the production `latencyBucketOf`): `le=1`, then four per doubling up to `le=65536`, each
 * to 4 significant digits, then `le=+Inf`. A latency is in the first bucket whose bound is >= it (exact
 * for the integer latencies, under 1,000 ms, the contracts record).
 */
const UPPER_BOUNDS_MS = Array.from({ length: 65 }, (_, k) => Number((2 ** (k / 4)).toPrecision(4)));

function inBucket(latencyMs: number, label: string): boolean {
  const upper = UPPER_BOUNDS_MS.find((x) => latencyMs <= x);
  return label === (upper === undefined ? 'le=+Inf' : `le=${upper}`);
}

/**
 * CloudWatch's pNN on raw values: the smallest value with at least NN% of the values at or below it
 * (nearest rank). Written here, not imported from the domain, so a bug in the production percentile
 * cannot hide behind a fake that shares it.
 */
function nearestRank(values: readonly number[], p: number): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)];
}
