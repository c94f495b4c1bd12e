// Both DeadLetterReader adapters on one contract: the local one over listed dead letters (the DLQ
// journal), the CloudWatch one over the DeadLettered metric the worker's EMF sink emits, answered by
// a fake GetMetricData that sums the same dead letters per minute as CloudWatch does.
import 'aws-sdk-client-mock-vitest/extend';
import {
  CloudWatchClient,
  type Dimension,
  GetMetricDataCommand,
  type MetricDataQuery,
} from '@aws-sdk/client-cloudwatch';
import { mockClient } from 'aws-sdk-client-mock';
import { describe, expect, it } from 'vitest';
import { CloudWatchDeadLetterReader } from '../../src/adapters/aws/cloudwatch-dead-letter-reader.ts';
import { type ListedDeadLetter, ListedDeadLetterReader } from '../../src/adapters/local/listed-dead-letter-reader.ts';
import type { DeadLetterReader } from '../../src/ports/dead-letters.ts';

const T0 = 1_796_212_800_000; // a minute boundary
const letters: ListedDeadLetter[] = [
  { model: 'fraud', version: '1.1.0', requestId: 'req-a', deadLetteredAt: T0 + 60_000 },
  { model: 'fraud', version: '1.1.0', requestId: 'req-b', deadLetteredAt: T0 + 61_000 },
  { model: 'fraud', version: '1.1.0', requestId: 'req-c', deadLetteredAt: T0 + 180_000 },
  // Stable's, another model's, one with no version, one before the window: none is the candidate's.
  { model: 'fraud', version: '1.0.0', requestId: 'req-s', deadLetteredAt: T0 + 60_000 },
  { model: 'churn', version: '1.1.0', requestId: 'req-o', deadLetteredAt: T0 + 60_000 },
  { model: 'fraud', requestId: 'req-u', deadLetteredAt: T0 + 60_000 },
  { model: 'fraud', version: '1.1.0', requestId: 'req-old', deadLetteredAt: T0 - 120_000 },
];

function fakeCloudWatch(from: readonly ListedDeadLetter[]) {
  const mock = mockClient(CloudWatchClient);
  mock.on(GetMetricDataCommand).callsFake(async (input) => {
    const start = input.StartTime!.getTime();
    const end = input.EndTime!.getTime();
    return {
      MetricDataResults: (input.MetricDataQueries ?? []).map((q: MetricDataQuery) => {
        const dims = Object.fromEntries(
          (q.MetricStat!.Metric!.Dimensions ?? []).map((d: Dimension) => [d.Name, d.Value]),
        );
        const period = q.MetricStat!.Period! * 1000;
        const Timestamps: Date[] = [];
        const Values: number[] = [];
        for (let t = start; t < end; t += period) {
          const n = from.filter(
            (d) =>
              q.MetricStat!.Metric!.MetricName === 'DeadLettered' &&
              d.model === dims.Model &&
              d.version === dims.Version &&
              d.deadLetteredAt >= t &&
              d.deadLetteredAt < t + period,
          ).length;
          if (n === 0) continue;
          Timestamps.push(new Date(t));
          Values.push(n);
        }
        return { Id: q.Id!, Timestamps, Values };
      }),
    };
  });
  return { mock, client: new CloudWatchClient({ region: 'eu-west-1' }) };
}

function contract(make: (from: readonly ListedDeadLetter[]) => DeadLetterReader): void {
  const query = { model: 'fraud', version: '1.1.0', since: T0, until: T0 + 240_000 };

  it("counts the version's dead letters in the window and gives the oldest", async () => {
    const reading = await make(letters).deadLetters(query);

    expect([reading.count, reading.oldestAt]).toEqual([3, T0 + 60_000]);
  });

  it('reads none for a version with none', async () => {
    const reading = await make(letters).deadLetters({ ...query, version: '1.2.0' });

    expect([reading.count, reading.oldestAt]).toEqual([0, undefined]);
  });
}

describe('ListedDeadLetterReader', () => {
  contract((from) => new ListedDeadLetterReader(async () => from));

  it('names the requests, oldest first', async () => {
    const reading = await new ListedDeadLetterReader(async () => [...letters].reverse()).deadLetters({
      model: 'fraud',
      version: '1.1.0',
      since: T0,
      until: T0 + 240_000,
    });

    expect(reading.requestIds).toEqual(['req-a', 'req-b', 'req-c']);
  });
});

describe('CloudWatchDeadLetterReader', () => {
  contract((from) => new CloudWatchDeadLetterReader(fakeCloudWatch(from).client));

  it('asks GetMetricData for the Sum of DeadLettered by Model and Version, per minute over whole minutes', async () => {
    const cw = fakeCloudWatch(letters);

    await new CloudWatchDeadLetterReader(cw.client).deadLetters({
      model: 'fraud',
      version: '1.1.0',
      since: T0 + 1_500,
      until: T0 + 90_000,
    });

    expect(cw.mock).toHaveReceivedCommandWith(GetMetricDataCommand, {
      StartTime: new Date(T0),
      EndTime: new Date(T0 + 120_000),
      ScanBy: 'TimestampAscending',
      MetricDataQueries: [
        {
          Id: 'dead',
          MetricStat: {
            Metric: {
              Namespace: 'ModelRelease',
              MetricName: 'DeadLettered',
              Dimensions: [
                { Name: 'Model', Value: 'fraud' },
                { Name: 'Version', Value: '1.1.0' },
              ],
            },
            Period: 60,
            Stat: 'Sum',
          },
          ReturnData: true,
        },
      ],
    });
  });
});
