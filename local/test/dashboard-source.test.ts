import { describe, expect, it } from 'vitest';
import type { TrackBucket } from '../../release-tools/src/adapters/local/memory-metric-store.ts';
import type { RolloutRecord } from '../../release-tools/src/domain/rollout/record.ts';
import { dashboardData } from '../src/dashboard-source.ts';

const NOW = Date.UTC(2026, 10, 24, 12);

const record = {
  model: 'fraud-detector',
  rolloutId: 3,
  phase: 'Progressing',
  stable: { version: '1.1.0', targetModel: 'fraud-detector/1.1.0-aaa/model.onnx' },
  candidate: { version: '1.3.0' },
  release: { version: '1.3.0' },
  policy: {
    strategy: 'canary',
    steps: [
      { weight: 20, bakeMs: 10_000 },
      { weight: 50, bakeMs: 10_000 },
    ],
    gates: { maxErrorRate: 0.02, maxP99LatencyMs: 250, minRequests: 20, alarms: [] },
  },
  step: 0,
  weight: 20,
  startedAt: NOW - 60_000,
  rolledBackVersions: [],
  intentSeq: 0,
  lastVerdict: {
    at: NOW - 1_000,
    outcome: 'fail',
    why: 'judge: error rate worse',
    judge: {
      test: 'two-proportion',
      metric: 'error-rate',
      alpha: 0.01,
      z: 4.2,
      pValue: 0.00001,
      pTwoSided: 0.00002,
      effectSize: 0.5,
      candidateN: 40,
      stableN: 160,
      candidateWorse: true,
    },
  },
  history: [
    {
      at: NOW - 60_000,
      rolloutId: 3,
      type: 'started',
      version: '1.3.0',
      to: 'Pending',
      who: 'controller',
      why: 'models.yaml names 1.3.0',
    },
  ],
} as unknown as RolloutRecord;

const bucket = (track: 'stable' | 'candidate', version: string, requests: number, errors: number): TrackBucket => ({
  model: 'fraud-detector',
  track,
  version,
  at: NOW - 5_000,
  requests,
  errors,
  p50Ms: 1,
  p99Ms: 2,
});

describe('dashboardData', () => {
  it('shows each track only for the version it serves now, with gate and judge verdicts', () => {
    const data = dashboardData(
      [record],
      [
        bucket('stable', '1.1.0', 160, 0),
        bucket('stable', '1.0.0', 500, 0), // an older stable: not this rollout's comparison
        bucket('candidate', '1.3.0', 40, 12),
        bucket('candidate', '1.1.0', 90, 0), // the previous rollout's candidate
      ],
      NOW,
    );

    const panel = data.models[0]!;
    expect(panel).toMatchObject({
      model: 'fraud-detector',
      phase: 'Progressing',
      step: { index: 1, count: 2 },
      verdict: 'fail',
    });
    expect(panel.stable).toMatchObject({ version: '1.1.0', weight: 80, totals: { requests: 160, errors: 0 } });
    expect(panel.candidate).toMatchObject({ version: '1.3.0', weight: 20, totals: { requests: 40, errors: 12 } });
    expect(panel.judges).toEqual([
      expect.objectContaining({ metric: 'error-rate', outcome: 'fail', pValue: 0.00001, alpha: 0.01 }),
    ]);
    expect(panel.history.map((e) => e.type)).toEqual(['started']);
  });

  it("shows a shadow's step and its divergence gate's latest finding, mirror in force", () => {
    const shadow = {
      ...record,
      model: 'churn-scorer',
      phase: 'Progressing',
      step: 0,
      weight: 0,
      policy: {
        strategy: 'shadow',
        sample: 25,
        durationMs: 600_000,
        followedBy: { strategy: 'canary', steps: [{ weight: 50, bakeMs: 60_000 }] },
        gates: {
          ...record.policy.gates,
          maxDivergence: { metric: 'abs-diff-p99', threshold: 0.01, alpha: 0.05 },
        },
      },
      lastVerdict: {
        at: NOW - 2_000,
        outcome: 'pass',
        why: '412 requests',
        divergence: {
          metric: 'abs-diff-p99',
          threshold: 0.01,
          alpha: 0.05,
          pairs: 412,
          exceeding: 1,
          p99AbsDiff: 0.000_12,
          eValue: 0.0412,
          diverges: false,
          dropped: 3,
          examples: ['req-7f3a'],
        },
      },
    } as unknown as RolloutRecord;

    const [panel] = dashboardData([shadow], [], NOW).models;

    expect(panel?.step).toEqual({ index: 1, count: 2 });
    expect(panel?.divergence).toEqual({
      metric: 'abs-diff-p99',
      threshold: 0.01,
      alpha: 0.05,
      pairs: 412,
      exceeding: 1,
      share: 1 / 412,
      tolerated: 0.01,
      p99AbsDiff: 0.000_12,
      eValue: 0.0412,
      verdict: 'within-tolerance',
      dropped: 3,
      examples: ['req-7f3a'],
      mirroring: 25,
      at: NOW - 2_000,
    });
    expect(dashboardData([record], [], NOW).models[0]?.divergence).toBeNull();
  });
});
