// The exact binomial boundary compares each tail with its budget under a relative slack of 1e-12,
// for the rounding of the pmf (computed in logs). Budgets here are exact binomial tails worked by
// hand, so the right boundary is known without the code.
import { describe, expect, it } from 'vitest';
import { binomialSpendingTest } from '../../src/domain/stats/binomial-spending.ts';

const stratum = (errors: number, share: number) => ({ x: 0, errors, share });
/** One look at fraction 1: its budget is alpha itself. */
const boundaryAt = (strata: ReturnType<typeof stratum>[], alpha: number) =>
  binomialSpendingTest([{ strata, fraction: 1 }], alpha);

describe('the exact binomial boundary’s rounding slack', () => {
  it('spends a budget equal to an exact tail: 3 errors at share 1/4, P(X >= 3) = 1/64', () => {
    // The pmf computed in logs puts P(X = 3) a few ulps above 1/64; without the slack the boundary
    // would be unreachable.
    const outcome = boundaryAt([stratum(3, 0.25)], 1 / 64);
    expect(outcome.boundaries).toEqual([3]);
    expect(outcome.spent).toBeCloseTo(1 / 64, 15);
  });

  it('a tail 1e-13 (relative) over its budget is within the slack; 1e-11 over is not', () => {
    // Three strata of 1 error at share 1/2: X ~ Binomial(3, 1/2), P(X = 3) = 1/8 exactly in binary.
    const three = [stratum(1, 0.5), stratum(1, 0.5), stratum(1, 0.5)];
    expect(boundaryAt(three, 0.125 * (1 - 1e-13)).boundaries).toEqual([3]);
    expect(boundaryAt(three, 0.125 * (1 - 1e-11)).boundaries).toEqual([Number.POSITIVE_INFINITY]);
  });

  it('the slack is inclusive: a tail of exactly budget x (1 + 1e-12) is spent, one ulp more is not', () => {
    const three = [stratum(1, 0.5), stratum(1, 0.5), stratum(1, 0.5)];
    // In binary64, 0.12499999999987499 * (1 + 1e-12) rounds to exactly 0.125 = P(X = 3), and the
    // next float below to 0.12499999999999999 (checked in Python: a * (1 + 1e-12) == 0.125).
    expect(0.12499999999987499 * (1 + 1e-12)).toBe(0.125);
    expect(boundaryAt(three, 0.12499999999987499)).toMatchObject({ boundaries: [3], spent: 0.125 });
    expect(boundaryAt(three, 0.12499999999987498).boundaries).toEqual([Number.POSITIVE_INFINITY]);
  });
});
