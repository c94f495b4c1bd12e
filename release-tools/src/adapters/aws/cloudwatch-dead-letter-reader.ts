// The candidate version's dead letters from CloudWatch: the DeadLettered metric the worker emits by
// EMF on a message's last allowed receive ({Model, Version}), summed per minute with GetMetricData.
// The count is of dead-letterings since `since` (a re-drive does not take one back, as it does
// locally); the oldest is the start of the first minute with one; request ids are not kept.
import {
  type CloudWatchClient,
  GetMetricDataCommand,
  type GetMetricDataCommandOutput,
} from '@aws-sdk/client-cloudwatch';
import { METRICS_NAMESPACE, MetricName } from '../../domain/metric-contract.ts';
import type { DeadLetterQuery, DeadLetterReader, DeadLetterReading } from '../../ports/dead-letters.ts';

const MINUTE_MS = 60_000;

export class CloudWatchDeadLetterReader implements DeadLetterReader {
  constructor(
    private readonly client: CloudWatchClient,
    private readonly namespace = METRICS_NAMESPACE,
  ) {}

  async deadLetters(q: DeadLetterQuery): Promise<DeadLetterReading> {
    let count = 0;
    let oldestAt: number | undefined;
    let nextToken: string | undefined;
    do {
      const out: GetMetricDataCommandOutput = await this.client.send(
        new GetMetricDataCommand({
          StartTime: new Date(Math.floor(q.since / MINUTE_MS) * MINUTE_MS),
          EndTime: new Date(Math.floor(q.until / MINUTE_MS) * MINUTE_MS + MINUTE_MS),
          MetricDataQueries: [
            {
              Id: 'dead',
              MetricStat: {
                Metric: {
                  Namespace: this.namespace,
                  MetricName: MetricName.deadLettered,
                  Dimensions: [
                    { Name: 'Model', Value: q.model },
                    { Name: 'Version', Value: q.version },
                  ],
                },
                Period: 60,
                Stat: 'Sum',
              },
              ReturnData: true,
            },
          ],
          ScanBy: 'TimestampAscending',
          ...(nextToken ? { NextToken: nextToken } : {}),
        }),
      );
      for (const result of out.MetricDataResults ?? []) {
        const values = result.Values ?? [];
        const times = result.Timestamps ?? [];
        for (let i = 0; i < values.length; i++) {
          const at = times[i]?.getTime();
          if (at === undefined || !(values[i]! > 0)) continue;
          count += values[i]!;
          oldestAt = oldestAt === undefined ? at : Math.min(oldestAt, at);
        }
      }
      nextToken = out.NextToken;
    } while (nextToken);
    return { count, ...(oldestAt !== undefined ? { oldestAt } : {}), requestIds: [] };
  }
}
