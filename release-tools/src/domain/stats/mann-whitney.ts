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
  const all = [...first.map((v) => ({ v, g: 0 })), ...second.map((v) => ({ v, g: 1 }))].sort((a, b) => a.v - b.v);
  const n = all.length;
  let rankSum1 = 0;
  let tieTerm = 0;
  for (let i = 0; i < n; ) {
    let j = i;
    while (j + 1 < n && all[j + 1]!.v === all[i]!.v) j++;
    const t = j - i + 1;
    const rank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) if (all[k]!.g === 0) rankSum1 += rank;
    tieTerm += t ** 3 - t;
    i = j + 1;
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
