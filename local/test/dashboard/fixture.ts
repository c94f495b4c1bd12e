// A realistic snapshot: one canary in progress whose candidate is slower, one finished A/B test,
// one shadow release comparing outputs, and one release rolled back for diverging, so every part
// of the page has something to show.
import type { DashboardInput, MetricBucketInput } from '../../src/dashboard/dashboard-data.ts';

export const NOW = Date.UTC(2026, 10, 24, 12, 15, 0);
const MINUTE = 60_000;

function buckets(
  model: string,
  track: 'stable' | 'candidate',
  count: number,
  shape: (i: number) => Omit<MetricBucketInput, 'model' | 'track' | 'at'>,
): MetricBucketInput[] {
  return Array.from({ length: count }, (_, i) => ({ model, track, at: NOW - (count - i) * MINUTE, ...shape(i) }));
}

export function fixtureInput(overrides: Partial<DashboardInput> = {}): DashboardInput {
  return {
    now: NOW,
    rollouts: [
      {
        model: 'fraud-detector',
        phase: 'Progressing',
        stable: { version: '1.0.0' },
        candidate: { version: '1.1.0' },
        candidateWeight: 10,
        step: { index: 1, count: 2 },
        history: [
          { at: NOW - 10 * MINUTE, type: 'Started', who: 'models.yaml', why: 'version 1.0.0 -> 1.1.0' },
          { at: NOW - 9 * MINUTE, type: 'StepStarted', who: 'controller', why: 'step 1 of 2: candidate weight 10%' },
        ],
      },
      {
        model: 'churn-scorer',
        phase: 'Promoted',
        stable: { version: '2.0.0' },
        candidateWeight: 0,
        history: [{ at: NOW - 30 * MINUTE, type: 'Promoted', who: 'alice', why: 'mlrelease promote' }],
      },
      {
        model: '<img src=x onerror=alert(1)>',
        phase: 'RolledBack',
        stable: { version: '0.9.0' },
        candidateWeight: 0,
        history: [{ at: NOW - 5 * MINUTE, type: 'RolledBack', who: 'alarm:p99', why: '<script>alert("why")</script>' }],
        divergence: {
          metric: 'disagreement',
          threshold: 0.02,
          alpha: 0.05,
          pairs: 400,
          exceeding: 20,
          share: 0.05,
          tolerated: 0.02,
          eValue: 31.6,
          verdict: 'diverges',
          dropped: 0,
          examples: ['<img src=x onerror=alert(2)>'],
          at: NOW - 5 * MINUTE,
        },
      },
      {
        model: 'recommender',
        phase: 'Progressing',
        stable: { version: '3.1.0' },
        candidate: { version: '3.2.0' },
        candidateWeight: 0,
        step: { index: 1, count: 2 },
        history: [
          {
            at: NOW - 4 * MINUTE,
            type: 'step',
            who: 'controller',
            why: "step 1/2: 0%, 25% of stable's requests mirrored",
          },
        ],
        divergence: {
          metric: 'abs-diff-p99',
          threshold: 0.01,
          alpha: 0.05,
          pairs: 1_204,
          exceeding: 7,
          share: 7 / 1_204,
          tolerated: 0.01,
          p99AbsDiff: 0.009_31,
          eValue: 0.183,
          verdict: 'within-tolerance',
          dropped: 12,
          examples: ['req-01hf3k', 'req-01hf3m', 'req-01hf40', 'req-01hf4c', 'req-01hf51'],
          at: NOW - MINUTE,
          mirroring: 25,
        },
      },
    ],
    gates: [
      { model: 'fraud-detector', gate: 'maxErrorRate', outcome: 'pass', observed: 0.004, threshold: 0.01, at: NOW },
      { model: 'fraud-detector', gate: 'maxP99LatencyMs', outcome: 'fail', observed: 240, threshold: 200, at: NOW },
      { model: 'fraud-detector', gate: 'minRequests', outcome: 'pass', observed: 180, threshold: 100, at: NOW },
    ],
    judges: [
      {
        model: 'fraud-detector',
        metric: 'latency',
        test: 'mann-whitney',
        outcome: 'fail',
        pValue: 0.0004,
        alpha: 0.05,
        effectSize: 31.5,
        at: NOW,
      },
    ],
    buckets: [
      ...buckets('fraud-detector', 'stable', 10, (i) => ({
        requests: 900 + i * 10,
        errors: 2,
        p50Ms: 8,
        p99Ms: 40 + i,
      })),
      ...buckets('fraud-detector', 'candidate', 9, (i) => ({
        requests: 20,
        errors: i === 4 ? 1 : 0,
        p50Ms: 12,
        p99Ms: 60 + 20 * i,
      })),
      ...buckets('churn-scorer', 'stable', 10, () => ({ requests: 300, errors: 0, p50Ms: 3.5, p99Ms: 9.25 })),
    ],
    ...overrides,
  };
}
