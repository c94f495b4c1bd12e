import 'aws-sdk-client-mock-vitest/extend';
import { DescribeAlarmsCommand, GetMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { describe, expect, it } from 'vitest';
import { CloudWatchAlarmReader } from '../../src/adapters/aws/cloudwatch-alarm-reader.ts';
import { CloudWatchMetricsReader } from '../../src/adapters/aws/cloudwatch-metrics-reader.ts';
import { LocalAlarmEvaluator } from '../../src/adapters/local/local-alarm-evaluator.ts';
import { MemoryMetricStore } from '../../src/adapters/local/memory-metric-store.ts';
import type { AlarmDefinition } from '../../src/domain/alarms/alarm-definition.ts';
import {
  type AlarmReader,
  type InvocationRecord,
  type MetricsReader,
  MissingAlarmError,
} from '../../src/ports/metrics.ts';
import { fakeCloudWatch } from './fake-cloudwatch.ts';

const T0 = 1_700_000_040_000;
// Candidate 1.1.0: 100 requests, latencies 1..100 ms, 5 errors. Stable 1.0.0: 50 requests at 10 ms.
const invocations: InvocationRecord[] = [
  ...Array.from({ length: 100 }, (_, i) => ({
    model: 'm',
    track: 'candidate' as const,
    version: '1.1.0',
    latencyMs: i + 1,
    error: i % 20 === 0,
    at: T0 + i * 100,
  })),
  ...Array.from({ length: 50 }, (_, i) => ({
    model: 'm',
    track: 'stable' as const,
    version: '1.0.0',
    latencyMs: 10,
    error: false,
    at: T0 + i * 100,
  })),
  { model: 'other', track: 'candidate', version: '1.1.0', latencyMs: 999, error: true, at: T0 },
];
// The same candidate requests spread over two minutes: 60 in the first, 40 in the second.
const spread = invocations.map((i, n) =>
  i.track === 'candidate' && i.model === 'm' ? { ...i, at: T0 + n * 1_000 } : i,
);

function metricsReaderContract(make: (from?: readonly InvocationRecord[]) => MetricsReader): void {
  it('counts requests and errors and gives p50/p99 for one model, track and version', async () => {
    const w = await make().window({ model: 'm', track: 'candidate', version: '1.1.0', since: T0, until: T0 + 60_000 });

    expect([w.count, w.errors, w.p50Ms, w.p99Ms]).toEqual([100, 5, 50, 99]);
  });

  it('returns an empty window for a version with no traffic', async () => {
    const w = await make().window({ model: 'm', track: 'candidate', version: '9.9.9', since: T0, until: T0 + 60_000 });

    expect([w.count, w.errors, w.p50Ms, w.p99Ms]).toEqual([0, 0, undefined, undefined]);
  });

  it('gives the judge exact counts and the latency histogram per minute, one stratum per minute', async () => {
    const reader = make(spread);
    const query = { model: 'm', version: '1.1.0', since: T0, until: T0 + 150_000 } as const;

    const strata = await reader.strata({ ...query, track: 'candidate' });
    const later = await reader.strata({ ...query, track: 'candidate', since: T0 + 60_000 });

    expect(strata.map((s) => [s.start, s.requests, s.errors])).toEqual([
      [T0, 60, 3],
      [T0 + 60_000, 40, 2],
    ]);
    expect(later.map((s) => s.start)).toEqual([T0 + 60_000]);
    const all = strata[0]!.latencyBuckets.map((n, i) => n + strata[1]!.latencyBuckets[i]!);
    // 66 buckets (layout log2/4-v1): bucket i holds (2^((i-1)/4), 2^(i/4)] ms, bucket 0 up to 1 ms.
    expect(all).toHaveLength(66);
    // 1 ms is in le=1 (0), 2 ms alone in (1.682, 2] (4), 3 ms in (2.828, 3.364] (7), 91..100 ms in (90.51, 107.6] (27).
    const nonEmpty = Object.fromEntries(all.flatMap((n, i) => (n > 0 ? [[i, n]] : [])));
    expect(nonEmpty).toEqual({
      0: 1,
      4: 1,
      7: 1,
      8: 1,
      10: 1,
      11: 1,
      12: 2,
      13: 1,
      14: 2,
      15: 2,
      16: 3,
      17: 3,
      18: 3,
      19: 4,
      20: 6,
      21: 6,
      22: 7,
      23: 8,
      24: 11,
      25: 12,
      26: 14,
      27: 10,
    });
    expect(await reader.strata({ ...query, track: 'candidate', version: '9.9.9' })).toEqual([]);
  });

  it('reads a whole track when no version is given', async () => {
    const w = await make().window({ model: 'm', track: 'stable', since: T0, until: T0 + 60_000 });

    expect([w.count, w.errors, w.p99Ms]).toEqual([50, 0, 10]);
  });
}

describe('MemoryMetricStore', () => {
  metricsReaderContract((from = invocations) => {
    const store = new MemoryMetricStore({ bucketMs: 60_000 });
    for (const i of from) store.record(i);
    return store;
  });

  it('keeps memory bounded: a reservoir per bucket and old buckets dropped', async () => {
    const store = new MemoryMetricStore({ bucketMs: 1_000, reservoirSize: 8, retentionMs: 10_000, random: () => 0.99 });
    for (let i = 0; i < 1_000; i++)
      store.record({ model: 'm', track: 'stable', version: '1', latencyMs: i, error: false, at: T0 });
    store.record({ model: 'm', track: 'stable', version: '1', latencyMs: 1, error: false, at: T0 + 60_000 });

    const recent = await store.window({ model: 'm', track: 'stable', since: T0, until: T0 + 60_000 });

    expect(recent.count).toBe(1);
    const one = new MemoryMetricStore({ bucketMs: 1_000, reservoirSize: 8, random: () => 0.99 });
    for (let i = 0; i < 1_000; i++)
      one.record({ model: 'm', track: 'stable', version: '1', latencyMs: i, error: false, at: T0 });
    const full = await one.window({ model: 'm', track: 'stable', since: T0, until: T0 + 1_000 });
    expect(full.count).toBe(1_000);
    expect(full.latencySamplesMs).toHaveLength(8);
    expect((await one.strata({ model: 'm', track: 'stable', since: T0, until: T0 + 1_000 }))[0]!.requests).toBe(1_000);
  });
});

describe('CloudWatchMetricsReader', () => {
  metricsReaderContract((from = invocations) => new CloudWatchMetricsReader(fakeCloudWatch(from).client));

  it('asks GetMetricData for sums, the error rate by metric math and latency percentiles', async () => {
    const cw = fakeCloudWatch(invocations);

    await new CloudWatchMetricsReader(cw.client).window({
      model: 'm',
      track: 'candidate',
      version: '1.1.0',
      since: T0,
      until: T0 + 90_000,
    });

    const dims = [
      { Name: 'Model', Value: 'm' },
      { Name: 'Track', Value: 'candidate' },
      { Name: 'Version', Value: '1.1.0' },
    ];
    expect(cw.mock).toHaveReceivedCommandWith(GetMetricDataCommand, {
      StartTime: new Date(T0),
      EndTime: new Date(T0 + 120_000),
      MetricDataQueries: expect.arrayContaining([
        {
          Id: 'inv',
          MetricStat: {
            Metric: { Namespace: 'ModelRelease', MetricName: 'Invocations', Dimensions: dims },
            Period: 120,
            Stat: 'Sum',
          },
          ReturnData: true,
        },
        { Id: 'rate', Expression: 'IF(inv > 0, err / inv, 0)', Label: 'ErrorRate', ReturnData: true },
        {
          Id: 'p99',
          MetricStat: {
            Metric: { Namespace: 'ModelRelease', MetricName: 'Latency', Dimensions: dims },
            Period: 120,
            Stat: 'p99',
          },
          ReturnData: true,
        },
      ]),
    });
  });

  it('reads the strata as Sums per minute: Invocations, Errors and one LatencyBucket metric per Bucket', async () => {
    const cw = fakeCloudWatch(invocations);

    await new CloudWatchMetricsReader(cw.client).strata({
      model: 'm',
      track: 'stable',
      version: '1.0.0',
      since: T0 + 5_000,
      until: T0 + 90_000,
    });

    const dims = [
      { Name: 'Model', Value: 'm' },
      { Name: 'Track', Value: 'stable' },
      { Name: 'Version', Value: '1.0.0' },
    ];
    const input = cw.mock.commandCalls(GetMetricDataCommand)[0]!.args[0].input;
    expect(input).toMatchObject({
      StartTime: new Date(T0),
      EndTime: new Date(T0 + 120_000),
      ScanBy: 'TimestampAscending',
    });
    // Invocations, Errors and one LatencyBucket per bucket: le=1 .. le=65536 and le=+Inf.
    expect(input.MetricDataQueries).toHaveLength(2 + 66);
    expect(input.MetricDataQueries).toContainEqual({
      Id: 'b17',
      MetricStat: {
        Metric: {
          Namespace: 'ModelRelease',
          MetricName: 'LatencyBucket',
          Dimensions: [...dims, { Name: 'Bucket', Value: 'le=19.03' }],
        },
        Period: 60,
        Stat: 'Sum',
      },
      ReturnData: true,
    });
  });
});

const alarmNames = ['mlrelease-m-candidate-error-rate', 'mlrelease-m-candidate-p99-latency', 'mlrelease-nope'];

function alarmReaderContract(make: () => AlarmReader): void {
  it('reports each named alarm in order', async () => {
    const states = await make().states(alarmNames.slice(0, 2));

    expect(states.map((s) => [s.name, s.state])).toEqual([
      ['mlrelease-m-candidate-error-rate', 'ALARM'],
      ['mlrelease-m-candidate-p99-latency', 'OK'],
    ]);
  });
}

describe('LocalAlarmEvaluator', () => {
  const definitions: AlarmDefinition[] = (['error-rate', 'p99-latency'] as const).map((metric) => ({
    name: `mlrelease-m-candidate-${metric}`,
    model: 'm',
    track: 'candidate',
    metric,
    threshold: metric === 'error-rate' ? 0.01 : 200,
    comparison: 'GreaterThanThreshold',
    periodMs: 2_000,
    evaluationPeriods: 3,
    datapointsToAlarm: 2,
    treatMissingData: 'notBreaching',
  }));
  const evaluator = () => {
    const store = new MemoryMetricStore({ bucketMs: 1_000 });
    for (const i of invocations) store.record(i);
    const e = new LocalAlarmEvaluator(store);
    e.define(definitions);
    return { e, store };
  };

  alarmReaderContract(() => {
    const { e } = evaluator();
    e.evaluate(T0 + 6_000);
    return e;
  });

  it('reads a name it does not define as INSUFFICIENT_DATA: CloudWatch alarms do not exist locally', async () => {
    const { e } = evaluator();
    e.evaluate(T0 + 6_000);

    const [nope] = await e.states(['mlrelease-nope']);

    expect(nope).toEqual({
      name: 'mlrelease-nope',
      state: 'INSUFFICIENT_DATA',
      reason: 'not defined locally',
      since: 0,
    });
  });

  it('tells listeners about state changes only', () => {
    const { e } = evaluator();
    const changes: string[] = [];
    e.onChange((c) => changes.push(`${c.name}:${c.previous}->${c.state}`));

    e.evaluate(T0 + 6_000);
    e.evaluate(T0 + 6_500);

    expect(changes).toEqual([
      'mlrelease-m-candidate-error-rate:INSUFFICIENT_DATA->ALARM',
      'mlrelease-m-candidate-p99-latency:INSUFFICIENT_DATA->OK',
    ]);
  });

  it('evaluates no alarm before models.yaml defines any: no change, no listener told', () => {
    const store = new MemoryMetricStore({ bucketMs: 1_000 });
    for (const i of invocations) store.record(i);
    const e = new LocalAlarmEvaluator(store);
    const changes: string[] = [];
    e.onChange((c) => changes.push(c.name));

    expect(e.evaluate(T0 + 6_000)).toEqual([]);
    expect(changes).toEqual([]);
  });
});

describe('LocalAlarmEvaluator over one-second periods', () => {
  // 3 periods of 1 s, 2 must breach; requests recorded in the periods [0,1s), [1s,2s), [2s,3s).
  const alarm = (over: Partial<AlarmDefinition>): AlarmDefinition => ({
    name: 'mlrelease-m-candidate-error-rate',
    model: 'm',
    track: 'candidate',
    metric: 'error-rate',
    threshold: 0.5,
    comparison: 'GreaterThanThreshold',
    periodMs: 1_000,
    evaluationPeriods: 3,
    datapointsToAlarm: 2,
    treatMissingData: 'notBreaching',
    ...over,
  });
  const setUp = (perPeriod: { requests: number; errors: number; latencyMs?: number }[], def: AlarmDefinition) => {
    const store = new MemoryMetricStore({ bucketMs: 1_000 });
    perPeriod.forEach(({ requests, errors, latencyMs = 10 }, period) => {
      for (let i = 0; i < requests; i++)
        store.record({
          model: 'm',
          track: 'candidate',
          version: '1.1.0',
          latencyMs,
          error: i < errors,
          at: period * 1_000 + i,
        });
    });
    const evaluator = new LocalAlarmEvaluator(store);
    evaluator.define([def]);
    return evaluator;
  };
  const stateAt = async (evaluator: LocalAlarmEvaluator, now: number) => {
    evaluator.evaluate(now);
    return (await evaluator.states(['mlrelease-m-candidate-error-rate']))[0]!.state;
  };

  it('takes errors over requests per period: 1 of 2 is at the threshold, 2 of 3 above it', async () => {
    const atThreshold = setUp(
      [
        { requests: 2, errors: 1 },
        { requests: 2, errors: 1 },
      ],
      alarm({}),
    );
    const above = setUp(
      [
        { requests: 3, errors: 2 },
        { requests: 3, errors: 2 },
      ],
      alarm({}),
    );

    expect(await stateAt(atThreshold, 3_000)).toBe('OK');
    expect(await stateAt(above, 3_000)).toBe('ALARM');
  });

  it('judges the p99 latency alarm on the latencies, not on the error rate', async () => {
    const slow = setUp(
      [
        { requests: 3, errors: 0, latencyMs: 150 },
        { requests: 3, errors: 0, latencyMs: 150 },
      ],
      alarm({ metric: 'p99-latency', threshold: 100 }),
    );
    const fastButFailing = setUp(
      [
        { requests: 3, errors: 3, latencyMs: 50 },
        { requests: 3, errors: 3, latencyMs: 50 },
      ],
      alarm({ metric: 'p99-latency', threshold: 100 }),
    );

    expect(await stateAt(slow, 3_000)).toBe('ALARM');
    expect(await stateAt(fastButFailing, 3_000)).toBe('OK');
  });

  it('reads a period without requests as missing data, not as a zero', async () => {
    const quiet = setUp([], alarm({ treatMissingData: 'breaching' }));

    expect(await stateAt(quiet, 3_000)).toBe('ALARM');
  });

  it('evaluates only whole periods before now: the current one is not over yet', async () => {
    // Errors only in [2s,3s): at 2.9 s that period is still running.
    const late = setUp(
      [
        { requests: 0, errors: 0 },
        { requests: 2, errors: 2 },
        { requests: 2, errors: 2 },
      ],
      alarm({}),
    );

    expect(await stateAt(late, 2_900)).toBe('OK');
    expect(await stateAt(late, 3_000)).toBe('ALARM');
  });

  it('keeps the time a state began while it holds, and reports only changes', () => {
    const failing = setUp(
      [
        { requests: 2, errors: 2 },
        { requests: 2, errors: 2 },
      ],
      alarm({}),
    );

    const first = failing.evaluate(3_000);
    const second = failing.evaluate(3_500);

    expect(first).toEqual([
      expect.objectContaining({ name: 'mlrelease-m-candidate-error-rate', state: 'ALARM', since: 3_000 }),
    ]);
    expect(second).toEqual([]);
    return expect(failing.states(['mlrelease-m-candidate-error-rate'])).resolves.toEqual([
      expect.objectContaining({ state: 'ALARM', since: 3_000 }),
    ]);
  });

  it('records a first evaluation that matches the initial state without telling anyone', async () => {
    // INSUFFICIENT_DATA is where every alarm starts; evaluating to it is not a change.
    const unknown = setUp([], alarm({ treatMissingData: 'missing' }));
    const heard: string[] = [];
    unknown.onChange((c) => heard.push(c.state));

    expect(unknown.evaluate(3_000)).toEqual([]);
    expect(heard).toEqual([]);
    expect(await unknown.states(['mlrelease-m-candidate-error-rate'])).toEqual([
      { name: 'mlrelease-m-candidate-error-rate', state: 'INSUFFICIENT_DATA', reason: 'no datapoints', since: 3_000 },
    ]);
  });

  it('stops telling a listener once it unsubscribes', () => {
    const failing = setUp(
      [
        { requests: 2, errors: 2 },
        { requests: 2, errors: 2 },
      ],
      alarm({}),
    );
    const heard: string[] = [];
    const stop = failing.onChange((c) => heard.push(c.state));
    stop();

    failing.evaluate(3_000);

    expect(heard).toEqual([]);
  });

  it('forgets alarms models.yaml no longer defines and keeps the state of the others', async () => {
    const failing = setUp(
      [
        { requests: 2, errors: 2 },
        { requests: 2, errors: 2 },
      ],
      alarm({}),
    );
    failing.evaluate(3_000);
    const latency = alarm({ name: 'mlrelease-m-candidate-p99-latency', metric: 'p99-latency', threshold: 1_000 });

    failing.define([alarm({}), latency]);
    const kept = await failing.states(['mlrelease-m-candidate-error-rate']);
    failing.define([latency]);
    const dropped = await failing.states(['mlrelease-m-candidate-error-rate']);

    expect(kept).toEqual([expect.objectContaining({ state: 'ALARM', since: 3_000 })]);
    expect(dropped).toEqual([expect.objectContaining({ state: 'INSUFFICIENT_DATA', reason: 'not defined locally' })]);
  });
});

describe('CloudWatchAlarmReader', () => {
  const statuses = [
    { name: 'mlrelease-m-candidate-error-rate', state: 'ALARM' as const, reason: 'Threshold Crossed', since: T0 },
    { name: 'mlrelease-m-candidate-p99-latency', state: 'OK' as const, reason: '', since: T0 },
  ];
  alarmReaderContract(() => new CloudWatchAlarmReader(fakeCloudWatch([], statuses).client));

  it('describes metric alarms by name', async () => {
    const cw = fakeCloudWatch([], statuses);

    await new CloudWatchAlarmReader(cw.client).states(alarmNames.slice(0, 2));

    expect(cw.mock).toHaveReceivedCommandWith(DescribeAlarmsCommand, {
      AlarmNames: alarmNames.slice(0, 2),
      AlarmTypes: ['MetricAlarm'],
    });
  });

  it('fails naming an alarm that does not exist (a typo in gates.alarms), instead of reading it as INSUFFICIENT_DATA', async () => {
    const cw = fakeCloudWatch([], statuses);

    const read = new CloudWatchAlarmReader(cw.client).states(alarmNames);

    await expect(read).rejects.toThrow(new MissingAlarmError(['mlrelease-nope']));
  });

  it('reads 150 alarms in two calls of at most 100 names and reports every one', async () => {
    // Prepare: the 101st and later alarms are the ones a one-call reader would drop.
    const many = Array.from({ length: 150 }, (_, i) => ({
      name: `orders-${i}`,
      state: (i === 149 ? 'ALARM' : 'OK') as 'ALARM' | 'OK',
      reason: '',
      since: T0,
    }));
    const cw = fakeCloudWatch([], many);
    // Act
    const states = await new CloudWatchAlarmReader(cw.client).states(many.map((a) => a.name));
    // Assess
    expect(states).toHaveLength(150);
    expect(states[149]).toMatchObject({ name: 'orders-149', state: 'ALARM' });
    expect(cw.mock.commandCalls(DescribeAlarmsCommand).map((c) => c.args[0].input.AlarmNames?.length)).toEqual([
      100, 50,
    ]);
  });
});
