// `status`, `status --json` and `history` of shadow releases: the divergence gate's pairs compared,
// share beyond tolerance against what it tolerates, dropped mirrored work and example request ids.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ModelSpec, ReleasePolicy } from '../../../model-registry/src/domain/manifest/types.ts';
import { FileStateStore } from '../../src/adapters/local/file-state-store.ts';
import type { DivergenceResult } from '../../src/domain/gates/divergence-gate.ts';
import { beginCompile, registered, startRollout, startTraffic } from '../../src/domain/rollout/operations.ts';
import { progress } from '../../src/domain/rollout/progress.ts';
import type { RolloutRecord } from '../../src/domain/rollout/record.ts';
import { planOf } from '../../src/domain/strategies/next-move.ts';
import { runMlrelease } from './run-cli.ts';

const T0 = Date.UTC(2026, 11, 3, 6, 0, 0);
const gates = { maxErrorRate: 0.02, maxP99LatencyMs: 200, minRequests: 100, alarms: [] };
const absDiff: ReleasePolicy = {
  strategy: 'shadow',
  sample: 25,
  durationMs: 600_000,
  followedBy: { strategy: 'canary', steps: [{ weight: 50, bakeMs: 60_000 }] },
  gates: { ...gates, maxDivergence: { metric: 'abs-diff-p99', threshold: 0.01, alpha: 0.05 } },
};
const disagreement: ReleasePolicy = {
  strategy: 'shadow',
  sample: 100,
  durationMs: 600_000,
  gates: { ...gates, maxDivergence: { metric: 'disagreement', threshold: 0.02, alpha: 0.05 } },
};

function shadowing(model: string, policy: ReleasePolicy): RolloutRecord {
  const spec = { name: model, version: '1.1.0', release: policy } as ModelSpec;
  const base = {
    ...startRollout(undefined, spec, T0, 'new'),
    stable: { version: '1.0.0', targetModel: `${model}/1.0.0-a` },
  };
  return startTraffic(registered(beginCompile(base, T0), T0, `${model}/1.1.0-b`, 'bb'), planOf(policy), T0);
}

const passing: DivergenceResult = {
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
};
const diverging: DivergenceResult = {
  metric: 'disagreement',
  threshold: 0.02,
  alpha: 0.05,
  pairs: 400,
  exceeding: 20,
  eValue: 31.6,
  diverges: true,
  dropped: 0,
  examples: ['req-1', 'req-2', 'req-3', 'req-4', 'req-5'],
};

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cli-divergence-'));
  const store = new FileStateStore(join(dir, '.mlrelease', 'state'));
  const inShadow: RolloutRecord = {
    ...shadowing('churn-scorer', absDiff),
    lastVerdict: { at: T0 + 120_000, outcome: 'pass', why: '412 requests', divergence: passing },
  };
  const stopped = progress(
    shadowing('fraud-detector', disagreement),
    {
      outcome: 'fail',
      why: 'divergence: candidate outputs differ',
      failedBy: { kind: 'divergence', result: diverging },
      divergence: diverging,
    },
    T0 + 60_000,
  );
  await store.put('rollouts/churn-scorer', inShadow, null);
  await store.put('rollouts/fraud-detector', stopped.changed ? stopped.record : undefined, null);
});
afterEach(() => rm(dir, { recursive: true, force: true }));

describe('divergence in the CLI views', () => {
  it('status: the shadow, the pairs compared, the share beyond tolerance, drops and examples', async () => {
    const { out, code } = await runMlrelease(['status'], dir);

    expect(code).toBe(3);
    expect(out).toBe(
      [
        'churn-scorer  Progressing step 1 at 0%  (stable 1.0.0, candidate 1.1.0)',
        "    last: 2026-12-03T06:00:00.000Z  1.1.0  Registered -> Progressing 0%  [step] by controller: step 1/2: 0%, 25% of stable's requests mirrored",
        '    gates: pass: 412 requests',
        "    shadow: 25% of stable's requests mirrored to 1.1.0; callers get stable's answers",
        '    divergence (abs-diff-p99, threshold 0.01, alpha 0.05): within tolerance',
        '      412 pairs compared, beyond 0.01: 1 (0.24%, tolerated 1.00%), p99 |diff| 0.000120, e-value 0.0412',
        '      mirrored requests dropped: 3',
        '      examples: req-7f3a',
        'fraud-detector  RolledBack  (stable 1.0.0, last 1.1.0)',
        '    last: 2026-12-03T06:01:00.000Z  1.1.0  Progressing -> RolledBack  [rolled-back] by controller: divergence: candidate outputs differ',
        '    divergence (disagreement, threshold 2.00%, alpha 0.05): DIVERGES',
        '      400 pairs compared, disagreeing 20 (5.00%, threshold 2.00%), e-value 31.6',
        '      mirrored requests dropped: 0',
        '      examples: req-1, req-2, req-3, req-4, req-5',
        '',
      ].join('\n'),
    );
  });

  it('status --json: the same fields', async () => {
    const { out } = await runMlrelease(['status', '--json'], dir);

    const [churn, fraud] = JSON.parse(out) as { model: string; divergence: unknown }[];
    expect(churn?.divergence).toEqual({
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
      at: T0 + 120_000,
      mirroring: 25,
    });
    expect(fraud?.divergence).toEqual({
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
      examples: ['req-1', 'req-2', 'req-3', 'req-4', 'req-5'],
      at: T0 + 60_000,
    });
  });

  it('history: the divergence verdict under the event that carries it', async () => {
    const { out } = await runMlrelease(['history', 'fraud-detector'], dir);

    expect(out.split('\n').slice(-3)).toEqual([
      '2026-12-03T06:01:00.000Z  1.1.0  Progressing -> RolledBack  [rolled-back] by controller: divergence: candidate outputs differ',
      '    divergence DIVERGES: 400 pairs compared, disagreeing 20 (5.00%, threshold 2.00%), e-value 31.6; e.g. requests req-1, req-2, req-3, req-4, req-5',
      '',
    ]);
  });

  it('status: a share above tolerance that the test has not decided on yet says so', async () => {
    const store = new FileStateStore(join(dir, '.mlrelease', 'state'));
    const undecided = { ...passing, pairs: 108, exceeding: 4, p99AbsDiff: 0.606, eValue: 4.55, dropped: 0 };
    await store.put(
      'rollouts/ranker',
      { ...shadowing('ranker', absDiff), lastVerdict: { at: T0, outcome: 'pass', why: 'ok', divergence: undecided } },
      null,
    );

    const { out } = await runMlrelease(['status', 'ranker'], dir);

    expect(out.split('\n').slice(4, 6)).toEqual([
      '    divergence (abs-diff-p99, threshold 0.01, alpha 0.05): above tolerance so far, not conclusive (fails at e-value 20)',
      '      108 pairs compared, beyond 0.01: 4 (3.70%, tolerated 1.00%), p99 |diff| 0.606, e-value 4.55',
    ]);
  });

  it('shows nothing of divergence for a rollout whose gate never looked', async () => {
    const store = new FileStateStore(join(dir, '.mlrelease', 'state'));
    await store.put('rollouts/quiet', shadowing('quiet', disagreement), null);

    const { out } = await runMlrelease(['status', 'quiet'], dir);
    const json = await runMlrelease(['status', 'quiet', '--json'], dir);

    expect(out).not.toContain('divergence');
    expect(JSON.parse(json.out)[0]).not.toHaveProperty('divergence');
  });
});
