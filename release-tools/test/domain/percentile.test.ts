import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../../local/src/example-models/prng.ts';
import { percentile, percentileOfUnsorted } from '../../src/domain/percentile.ts';

describe('percentile by selection', () => {
  it('is the nearest-rank percentile of the sorted samples, with ties, duplicates and any length', () => {
    // Prepare: samples drawn from few values (many ties) and from many, lengths 1 to 300.
    const random = mulberry32(42);
    for (let trial = 0; trial < 400; trial++) {
      const n = 1 + Math.floor(random() * 300);
      const distinct = trial % 2 === 0 ? 4 : 1_000_000;
      const samples = Array.from({ length: n }, () => Math.floor(random() * distinct) / 7);
      const sorted = Float64Array.from(samples).sort();
      for (const p of [0, 1, 50, 90, 99, 99.9, 100]) {
        // Act + Assess: selection on a scratch copy gives what the sort gives.
        expect(percentileOfUnsorted(Float64Array.from(samples), p)).toBe(percentile(sorted, p));
      }
    }
  });

  it('reads two percentiles off one scratch array, and nothing from no samples', () => {
    const scratch = Float64Array.from([5, 1, 4, 2, 3, 9, 8, 7, 6, 10]);

    expect(percentileOfUnsorted(scratch, 50)).toBe(5);
    expect(percentileOfUnsorted(scratch, 99)).toBe(10);
    expect(percentileOfUnsorted(new Float64Array(0), 99)).toBeUndefined();
  });
});
