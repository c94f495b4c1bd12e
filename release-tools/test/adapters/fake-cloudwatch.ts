// A CloudWatch behind aws-sdk-client-mock that answers GetMetricData from raw invocations and
// DescribeAlarms from a state map, so the CloudWatch adapters can run the local contracts.
import {
  CloudWatchClient,
  DescribeAlarmsCommand,
  type Dimension,
  GetMetricDataCommand,
} from '@aws-sdk/client-cloudwatch';
import { mockClient } from 'aws-sdk-client-mock';
import { percentile } from '../../src/domain/percentile.ts';
import type { AlarmStatus, InvocationRecord } from '../../src/ports/metrics.ts';

export function fakeCloudWatch(invocations: readonly InvocationRecord[], alarms: readonly AlarmStatus[] = []) {
  const mock = mockClient(CloudWatchClient);
  mock.on(GetMetricDataCommand).callsFake(async (input) => {
    const start = input.StartTime!.getTime();
    const end = input.EndTime!.getTime();
    const values: Record<string, number | undefined> = {};
    for (const q of input.MetricDataQueries ?? []) {
      if (!q.MetricStat) continue;
      const dims = Object.fromEntries((q.MetricStat.Metric!.Dimensions ?? []).map((d: Dimension) => [d.Name, d.Value]));
      const hits = invocations.filter(
        (i) =>
          i.at >= start &&
          i.at < end &&
          i.model === dims.Model &&
          i.track === dims.Track &&
          (dims.Version === undefined || i.version === dims.Version),
      );
      const stat = q.MetricStat.Stat!;
      const name = q.MetricStat.Metric!.MetricName;
      if (name === 'Invocations') values[q.Id!] = hits.length;
      else if (name === 'Errors') values[q.Id!] = hits.filter((h) => h.error).length;
      else
        values[q.Id!] = percentile(
          hits.map((h) => h.latencyMs).sort((a, b) => a - b),
          Number(stat.slice(1)),
        );
    }
    return { MetricDataResults: Object.entries(values).map(([Id, v]) => ({ Id, Values: v === undefined ? [] : [v] })) };
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
