import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../../inference-stack/test/support/seeded-random.ts';
import { assessGates, type GateSignals } from '../../src/domain/gates/assess-gates.ts';
import { assessDivergence } from '../../src/domain/gates/divergence-gate.ts';
import { exceedanceTest } from '../../src/domain/stats/exceedance-mixture.ts';
import type { MirroredPair } from '../../src/ports/mirrored-pairs.ts';

const absDiff = { metric: 'abs-diff-p99', threshold: 0.05, alpha: 0.05 } as const;
const gates = { maxErrorRate: 0.01, maxP99LatencyMs: 200, minRequests: 100, alarms: [], maxDivergence: absDiff };

/** n pairs; every `every`-th one differs by `diff` (and flips its label), the others agree exactly. */
function pairs(n: number, every: number, diff = 0.6): MirroredPair[] {
  return Array.from({ length: n }, (_, i) => {
    const differs = every > 0 && i % every === every - 1;
    return {
      model: 'churn',
      stableVersion: '1.0.0',
      candidateVersion: '1.1.0',
      requestId: `req-${i}`,
      maxAbsDiff: differs ? diff + i / 1e6 : 0,
      disagree: differs,
      at: i,
    };
  });
}

function signals(mirrored: MirroredPair[]): GateSignals {
  const window = { count: mirrored.length, errors: 0, p50Ms: 10, p99Ms: 20 };
  return { candidate: window, stable: window, strata: [], alarms: [], mirror: { pairs: mirrored, dropped: 3 } };
}

describe('exceedanceTest: anytime-valid share of exceeding pairs', () => {
  it('never rejects on no exceedances, however many pairs', () => {
    expect(exceedanceTest(100_000, 0, 0.01, 0.05)).toMatchObject({ exceeds: false });
  });

  it('rejects a 5% share against a tolerated 1% within a few hundred pairs', () => {
    expect(exceedanceTest(60, 3, 0.01, 0.05).exceeds).toBe(false);
    expect(exceedanceTest(400, 20, 0.01, 0.05).exceeds).toBe(true);
  });

  it('rolls back an equivalent candidate (share exactly p0) at most alpha of the time, looking after every pair', () => {
    const random = seededRandom(7);
    const runs = 300;
    let stopped = 0;
    for (let run = 0; run < runs; run++) {
      let k = 0;
      for (let n = 1; n <= 2000; n++) {
        if (random() < 0.01) k++;
        if (exceedanceTest(n, k, 0.01, 0.05).exceeds) {
          stopped++;
          break;
        }
      }
    }
    // Ville: <= 5%; the mixture is conservative, over 300 runs of 2000 looks.
    expect(stopped / runs).toBeLessThanOrEqual(0.05);
  });
});

describe('divergence gate', () => {
  it('fails a candidate whose outputs differ on 5% of requests, naming example requests', () => {
    const verdict = assessGates(signals(pairs(400, 20)), { gates });

    expect(verdict.outcome).toBe('fail');
    expect(verdict.outcome === 'fail' && verdict.failedBy.kind).toBe('divergence');
    expect(verdict.divergence).toMatchObject({ pairs: 400, exceeding: 20, diverges: true, dropped: 3 });
    // The most divergent first.
    expect(verdict.divergence?.examples).toEqual(['req-399', 'req-379', 'req-359', 'req-339', 'req-319']);
    expect(verdict.why).toMatch(
      /^divergence: candidate outputs differ from stable's: 20\/400 mirrored pairs differ by more than 0.05 .*e\.g\. requests req-399, req-379/,
    );
  });

  it('passes an identical candidate, with the divergence in the verdict', () => {
    const verdict = assessGates(signals(pairs(400, 0)), { gates });

    expect(verdict).toMatchObject({ outcome: 'pass', divergence: { pairs: 400, exceeding: 0, diverges: false } });
    expect(verdict.why).toContain('divergence 0/400 mirrored pairs');
  });

  it('waits while fewer pairs than minRequests were compared', () => {
    const few = signals(pairs(50, 0));
    const verdict = assessGates({ ...few, candidate: { ...few.candidate, count: 500 } }, { gates });

    expect(verdict.outcome).toBe('wait');
    expect(verdict.why).toMatch(/^50\/100 mirrored pairs/);
  });

  it('does not pass while more pairs exceed than tolerated and the test has not decided', () => {
    // 5 of 155 beyond tolerance (3.2%, 1% tolerated): e-value under 20, as a 30 s shadow saw it.
    const undecided = pairs(155, 31);
    const verdict = assessGates(signals(undecided), { gates });

    expect(verdict.divergence).toMatchObject({ pairs: 155, exceeding: 5, diverges: false });
    expect(verdict.outcome).toBe('wait');
    expect(verdict.why).toMatch(/^divergence above tolerance, not conclusive yet; 155 requests/);
  });

  it('passes once the share beyond tolerance is at most the tolerated one', () => {
    // 2 of 200: exactly 1%.
    expect(assessGates(signals(pairs(200, 100)), { gates }).outcome).toBe('pass');
  });

  it('tolerates differences under the threshold (abs-diff) and counts labels (disagreement)', () => {
    const small = pairs(400, 20, 0.01);

    expect(assessDivergence(absDiff, { pairs: small, dropped: 0 }).diverges).toBe(false);
    expect(
      assessDivergence({ metric: 'disagreement', threshold: 0.01, alpha: 0.05 }, { pairs: small, dropped: 0 }).diverges,
    ).toBe(true);
    expect(
      assessDivergence({ metric: 'disagreement', threshold: 0.1, alpha: 0.05 }, { pairs: small, dropped: 0 }).diverges,
    ).toBe(false);
  });
});
