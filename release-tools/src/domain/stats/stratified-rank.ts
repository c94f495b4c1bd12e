// Van Elteren's stratified Wilcoxon-Mann-Whitney statistic on binned latencies (van Elteren 1960,
// "On the combination of independent two-sample tests of Wilcoxon"; Lehmann 1975, Nonparametrics,
// ch. 3.3). Within each time stratum the candidate's latencies are ranked against stable's, the
// bins acting as ties (tie-corrected variance); strata are combined with weights 1/(N+1), which
// are locally most powerful against a shift. Comparing only within a stratum means a slowdown
// that hits both versions at the same time (a common drift) is not read as a regression.
import type { EvidenceStratum } from './evidence.ts';

export interface RankScore {
  /** Weighted sum over strata of U - E[U]; > 0 when the candidate tends to be slower. */
  readonly score: number;
  /** Its variance under "no difference within each stratum". */
  readonly variance: number;
  /** Sum of U and of the pair counts n_c * n_s, for P(candidate slower) + P(tie)/2. */
  readonly u: number;
  readonly pairs: number;
  readonly candidateN: number;
  readonly stableN: number;
}

export function stratifiedRankScore(strata: readonly EvidenceStratum[]): RankScore {
  return stratifiedRankPrefixes(strata).at(-1)!;
}

const NOTHING: RankScore = { score: 0, variance: 0, u: 0, pairs: 0, candidateN: 0, stableN: 0 };

/**
 * The score over each prefix of the strata: entry k over strata[0..k), so entry 0 is empty and the
 * last is the whole. The score is a sum over strata, so the alpha-spending judge, which reads it at
 * every past look, gets them all in one pass.
 */
export function stratifiedRankPrefixes(strata: readonly EvidenceStratum[]): RankScore[] {
  let score = 0;
  let variance = 0;
  let u = 0;
  let pairs = 0;
  let candidateN = 0;
  let stableN = 0;
  const prefixes: RankScore[] = [NOTHING];
  const push = () => prefixes.push({ score, variance, u, pairs, candidateN, stableN });
  for (const { candidate, stable } of strata) {
    const c = candidate.latencyBuckets;
    const s = stable.latencyBuckets;
    const nc = sum(c);
    const ns = sum(s);
    candidateN += nc;
    stableN += ns;
    // A stratum with only one track says nothing about their difference.
    if (nc === 0 || ns === 0) {
      push();
      continue;
    }
    const n = nc + ns;
    let stableBelow = 0;
    let uStratum = 0;
    let tieTerm = 0;
    const bins = Math.max(c.length, s.length);
    for (let k = 0; k < bins; k++) {
      const ck = c[k] ?? 0;
      const sk = s[k] ?? 0;
      uStratum += ck * (stableBelow + sk / 2);
      stableBelow += sk;
      const tied = ck + sk;
      tieTerm += tied ** 3 - tied;
    }
    const mean = (nc * ns) / 2;
    const v = ((nc * ns) / 12) * (n + 1 - tieTerm / (n * (n - 1)));
    const weight = 1 / (n + 1);
    score += weight * (uStratum - mean);
    variance += weight * weight * v;
    u += uStratum;
    pairs += nc * ns;
    push();
  }
  return prefixes;
}

function sum(values: readonly number[]): number {
  let total = 0;
  for (const v of values) total += v;
  return total;
}
