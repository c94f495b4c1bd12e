import { describe, expect, it } from 'vitest';
import { TokenBuckets } from '../src/http/token-bucket.ts';

describe('TokenBuckets', () => {
  it('allows the burst, then refills at the rate, per caller', () => {
    // Prepare
    let now = 0;
    const buckets = new TokenBuckets(2, 3, () => now);
    // Act
    const burst = [1, 2, 3, 4].map(() => buckets.take('a').ok);
    const other = buckets.take('b').ok;
    const denied = buckets.take('a');
    now += 500; // one token at 2/s
    const refilled = buckets.take('a').ok;
    // Assess
    expect(burst).toEqual([true, true, true, false]);
    expect(other).toBe(true);
    expect(denied).toEqual({ ok: false, retryAfterMs: 500 });
    expect(refilled).toBe(true);
  });

  it('never stores more than the burst', () => {
    let now = 0;
    const buckets = new TokenBuckets(100, 2, () => now);
    buckets.take('a');
    now += 60_000;
    expect([1, 2, 3].map(() => buckets.take('a').ok)).toEqual([true, true, false]);
  });
});
