// Mann-Whitney U with the normal approximation and the tie-corrected variance (Lehmann 1975):
// is the candidate's latency stochastically larger than stable's? No distribution assumption,
// which suits long-tailed latencies.
import type { JudgeResult } from './judge-result.ts';
import { twoSidedP, upperTailP } from './normal.ts';

export interface MannWhitneyU {
  /** U of the first sample: pairs (x, y) with x > y, ties counting one half. */
  readonly u1: number;
  readonly u2: number;
  readonly z: number;
}

/** U statistics and z (positive when the first sample tends to be larger). No continuity correction. */
export function mannWhitneyU(first: readonly number[], second: readonly number[]): MannWhitneyU {
  const n1 = first.length;
  const n2 = second.length;
  // Both samples sorted (typed arrays sort numerically, without a comparator), then merged one
  // distinct value at a time: a run of t tied values below which `below` values lie shares the
  // midrank below + (t + 1) / 2. Ranks are halves, so the sums are exact in any order.
  const a = Float64Array.from(first).sort();
  const b = Float64Array.from(second).sort();
  const n = n1 + n2;
  let rankSum1 = 0;
  let tieTerm = 0;
  let i = 0;
  let j = 0;
  while (i < n1 || j < n2) {
    const v = j >= n2 || (i < n1 && a[i]! <= b[j]!) ? a[i]! : b[j]!;
    const below = i + j;
    let c1 = 0;
    while (i < n1 && a[i] === v) {
      i++;
      c1++;
    }
    while (j < n2 && b[j] === v) j++;
    const t = i + j - below;
    rankSum1 += c1 * (below + (t + 1) / 2);
    tieTerm += t ** 3 - t;
  }
  const u1 = rankSum1 - (n1 * (n1 + 1)) / 2;
  const u2 = n1 * n2 - u1;
  const variance = (n1 * n2 * (n + 1)) / 12 - (n1 * n2 * tieTerm) / (12 * n * (n - 1));
  const z = variance > 0 ? (u1 - (n1 * n2) / 2) / Math.sqrt(variance) : 0;
  return { u1, u2, z };
}

export function mannWhitneyTest(candidate: readonly number[], stable: readonly number[], alpha: number): JudgeResult {
  const { u1, z } = mannWhitneyU(candidate, stable);
  const pValue = upperTailP(z);
  const pairs = candidate.length * stable.length;
  return {
    test: 'mann-whitney',
    metric: 'latency',
    alpha,
    z,
    pValue,
    pTwoSided: twoSidedP(z),
    // Rank-biserial correlation: P(candidate slower) - P(candidate faster).
    effectSize: pairs === 0 ? 0 : (2 * u1) / pairs - 1,
    candidateN: candidate.length,
    stableN: stable.length,
    candidateWorse: pValue < alpha,
  };
}
