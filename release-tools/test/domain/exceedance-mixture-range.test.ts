// The exceedance mixture over thousands of pairs, where its alternatives' likelihood ratios lie
// hundreds of orders of magnitude apart: the e-value against a direct mpmath sum (40 digits) of
// (1/6) sum_p (p/p0)^k ((1-p)/(1-p0))^(n-k) over p = 1.5, 2, 3, 5, 10, 20 x p0.
import { describe, expect, it } from 'vitest';
import { exceedanceTest } from '../../src/domain/stats/exceedance-mixture.ts';

describe('the exceedance mixture with alternatives 1e-390 apart', () => {
  it.each([
    // pairs, exceeding, e-value; the log ratios run from -4.8 to -905 and from 7.5 to -809.
    [5000, 50, 0.00138531394840677, false],
    [5000, 80, 350.0727122545835, true],
  ])('%s pairs, %s beyond p0 = 1%%: e-value %s', (pairs, exceeding, eValue, exceeds) => {
    const test = exceedanceTest(pairs, exceeding, 0.01, 0.05);
    expect(test.eValue / eValue - 1).toBeCloseTo(0, 10);
    expect(test.exceeds).toBe(exceeds);
  });
});
