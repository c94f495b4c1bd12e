import { describe, expect, test } from 'vitest';
import {
  buildDashboardData,
  type DashboardInput,
  type GateVerdictInput,
  type MetricBucketInput,
  type RolloutInput,
  type VerdictOutcome,
} from '../../src/dashboard/dashboard-data.ts';
import { fixtureInput } from './fixture.ts';

const NOW = 1_000_000_000;
const rollout = (overrides: Partial<RolloutInput> = {}): RolloutInput => ({
  model: 'm',
  phase: 'Progressing',
  stable: { version: '1' },
  candidate: { version: '2' },
  candidateWeight: 10,
  history: [],
  ...overrides,
});
const bucket = (overrides: Partial<MetricBucketInput>): MetricBucketInput => ({
  model: 'm',
  track: 'candidate',
  at: NOW - 60_000,
  requests: 10,
  errors: 0,
  ...overrides,
});
const build = (input: Partial<DashboardInput>) => buildDashboardData({ now: NOW, rollouts: [rollout()], ...input });
const only = (input: Partial<DashboardInput>) => build(input).models[0]!;

describe('traffic weights', () => {
  test.each([
    { candidate: true, weight: 10, stable: 90, canary: 10 },
    { candidate: true, weight: 0, stable: 100, canary: 0 },
    { candidate: true, weight: 100, stable: 0, canary: 100 },
    { candidate: true, weight: 130, stable: 0, canary: 100 },
    { candidate: true, weight: -5, stable: 100, canary: 0 },
    { candidate: true, weight: Number.NaN, stable: 100, canary: 0 },
    { candidate: false, weight: 40, stable: 100, canary: null },
  ])(
    'candidate weight $weight (candidate: $candidate) splits as $stable / $canary',
    ({ candidate, weight, ...want }) => {
      const m = only({
        rollouts: [rollout({ candidateWeight: weight, candidate: candidate ? { version: '2' } : undefined })],
      });

      expect(m.stable.weight).toBe(want.stable);
      expect(m.candidate?.weight ?? null).toBe(want.canary);
    },
  );
});

describe('track totals and series', () => {
  test('sums requests and errors, and reports the latest latency that exists', () => {
    const m = only({
      buckets: [
        bucket({ at: NOW - 120_000, requests: 100, errors: 1, p50Ms: 5, p99Ms: 50 }),
        bucket({ at: NOW - 60_000, requests: 300, errors: 3, p50Ms: 7 }),
        bucket({ track: 'stable', at: NOW - 60_000, requests: 1000, errors: 0, p50Ms: 2, p99Ms: 9 }),
      ],
    });

    expect(m.candidate!.totals).toEqual({ requests: 400, errors: 4, errorRate: 0.01, p50Ms: 7, p99Ms: 50 });
    expect(m.stable.totals).toEqual({ requests: 1000, errors: 0, errorRate: 0, p50Ms: 2, p99Ms: 9 });
  });

  test('has no error rate or latency when the track saw no request', () => {
    const m = only({ buckets: [bucket({ requests: 0, errors: 0 })] });

    expect(m.candidate!.totals).toEqual({ requests: 0, errors: 0, errorRate: null, p50Ms: null, p99Ms: null });
    expect(m.candidate!.series[0]!.errorRate).toBeNull();
  });

  test.each([
    { offset: -900_001, kept: false },
    { offset: -900_000, kept: true },
    { offset: 0, kept: true },
    { offset: 1, kept: false },
  ])('a bucket starting at now + $offset ms is kept: $kept (15 minute window)', ({ offset, kept }) => {
    const m = only({ buckets: [bucket({ at: NOW + offset })] });

    expect(m.candidate!.series.length).toBe(kept ? 1 : 0);
  });

  test('honours a custom window and shares it with every chart', () => {
    const data = build({ windowMs: 60_000, buckets: [bucket({ at: NOW - 120_000 }), bucket({ at: NOW - 30_000 })] });

    expect(data.window).toEqual({ from: NOW - 60_000, to: NOW });
    expect(data.models[0]!.candidate!.series.map((p) => p.at)).toEqual([NOW - 30_000]);
  });

  test('orders points oldest first and merges buckets with the same start', () => {
    const m = only({
      buckets: [
        bucket({ at: NOW - 60_000, requests: 10, errors: 1, p50Ms: 4, p99Ms: 80 }),
        bucket({ at: NOW - 120_000, requests: 5 }),
        bucket({ at: NOW - 60_000, requests: 30, errors: 1, p50Ms: 6, p99Ms: 20 }),
      ],
    });

    expect(m.candidate!.series).toEqual([
      { at: NOW - 120_000, requests: 5, errors: 0, errorRate: 0, p50Ms: null, p99Ms: null },
      { at: NOW - 60_000, requests: 40, errors: 2, errorRate: 0.05, p50Ms: 6, p99Ms: 80 },
    ]);
  });

  test.each([
    { requests: 10, errors: 12, want: { requests: 10, errors: 10 } },
    { requests: -3, errors: -1, want: { requests: 0, errors: 0 } },
    { requests: Number.NaN, errors: 1, want: { requests: 0, errors: 0 } },
    { requests: 7.9, errors: 0, want: { requests: 7, errors: 0 } },
  ])('cleans counts $requests/$errors to $want', ({ requests, errors, want }) => {
    const point = only({ buckets: [bucket({ requests, errors, p99Ms: Number.NaN })] }).candidate!.series[0]!;

    expect({ requests: point.requests, errors: point.errors }).toEqual(want);
    expect(point.p99Ms).toBeNull();
  });
});

describe('verdicts', () => {
  const gate = (name: string, outcome: VerdictOutcome, at = NOW): GateVerdictInput => ({
    model: 'm',
    gate: name,
    outcome,
    at,
  });

  test.each<{ outcomes: VerdictOutcome[]; want: VerdictOutcome | null }>([
    { outcomes: [], want: null },
    { outcomes: ['pass'], want: 'pass' },
    { outcomes: ['pass', 'inconclusive'], want: 'inconclusive' },
    { outcomes: ['inconclusive', 'fail', 'pass'], want: 'fail' },
  ])('model verdict of $outcomes is $want', ({ outcomes, want }) => {
    const m = only({ gates: outcomes.map((o, i) => gate(`g${i}`, o)) });

    expect(m.verdict).toBe(want);
  });

  test('keeps the latest verdict per gate, sorted by gate name', () => {
    const m = only({
      gates: [
        gate('minRequests', 'inconclusive', NOW - 2),
        gate('maxErrorRate', 'fail', NOW - 1),
        gate('minRequests', 'pass', NOW - 1),
        gate('maxErrorRate', 'pass', NOW - 5),
      ],
    });

    expect(m.gates.map((g) => [g.gate, g.outcome])).toEqual([
      ['maxErrorRate', 'fail'],
      ['minRequests', 'pass'],
    ]);
    expect(m.verdict).toBe('fail');
  });

  test('keeps the latest judge per metric and turns missing numbers into null', () => {
    const judge = { model: 'm', metric: 'latency', test: 'mann-whitney', alpha: 0.05 } as const;
    const m = only({
      judges: [
        { ...judge, outcome: 'fail', pValue: 0.01, effectSize: 12, at: NOW - 10 },
        { ...judge, outcome: 'inconclusive', pValue: Number.NaN, at: NOW },
      ],
      gates: [{ ...gate('maxP99LatencyMs', 'pass'), observed: 20, threshold: Number.POSITIVE_INFINITY }],
    });

    expect(m.judges).toEqual([
      {
        metric: 'latency',
        test: 'mann-whitney',
        outcome: 'inconclusive',
        pValue: null,
        alpha: 0.05,
        effectSize: null,
        at: NOW,
      },
    ]);
    expect(m.gates[0]).toMatchObject({ observed: 20, threshold: null, detail: '' });
    expect(m.verdict).toBe('inconclusive');
  });
});

describe('models and history', () => {
  test('lists models by name and ignores verdicts and metrics of models without a rollout', () => {
    const data = build({
      rollouts: [rollout({ model: 'b' }), rollout({ model: 'a', candidate: undefined })],
      gates: [{ model: 'ghost', gate: 'x', outcome: 'fail', at: NOW }],
      buckets: [bucket({ model: 'ghost' }), bucket({ model: 'a', track: 'stable' })],
    });

    expect(data.models.map((m) => m.model)).toEqual(['a', 'b']);
    expect(data.models.map((m) => m.verdict)).toEqual([null, null]);
    expect(data.models.map((m) => m.stable.totals.requests + (m.candidate?.totals.requests ?? 0))).toEqual([10, 0]);
  });

  test('shows history latest first (later-appended first on equal times), limited per model', () => {
    const event = (at: number, type: string) => ({ at, type, who: 'controller', why: '' });
    const history = [event(1, 'Started'), event(3, 'StepStarted'), event(3, 'Paused'), event(2, 'Compiled')];

    const m = only({ rollouts: [rollout({ history })], historyLimit: 3 });

    expect(m.history.map((e) => e.type)).toEqual(['Paused', 'StepStarted', 'Compiled']);
  });

  test('passes phase and step through', () => {
    const m = only({ rollouts: [rollout({ phase: 'Paused', step: { index: 2, count: 3 } })] });

    expect([m.phase, m.step]).toEqual(['Paused', { index: 2, count: 3 }]);
    expect(only({ rollouts: [rollout({ phase: 'Promoted' })] }).step).toBeNull();
  });

  test('passes a divergence finding through as JSON can carry it: at most 5 examples, no Infinity', () => {
    const finding = {
      metric: 'abs-diff-p99' as const,
      threshold: 0.01,
      alpha: 0.05,
      pairs: 50,
      exceeding: 7,
      share: 0.14,
      tolerated: 0.01,
      p99AbsDiff: Number.POSITIVE_INFINITY,
      eValue: Number.POSITIVE_INFINITY,
      verdict: 'diverges' as const,
      dropped: 0,
      examples: ['a', 'b', 'c', 'd', 'e', 'f', 'g'],
      at: NOW - 1_000,
    };

    const m = only({ rollouts: [rollout({ divergence: finding })] });

    expect(m.divergence).toEqual({
      ...finding,
      p99AbsDiff: null,
      eValue: null,
      examples: ['a', 'b', 'c', 'd', 'e'],
      mirroring: null,
    });
    expect(only({}).divergence).toBeNull();
  });

  test('survives a JSON round trip unchanged (no undefined, NaN or Infinity)', () => {
    const data = buildDashboardData(fixtureInput());

    expect(JSON.parse(JSON.stringify(data))).toStrictEqual(data);
  });
});
