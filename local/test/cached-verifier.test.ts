import { describe, expect, it } from 'vitest';
import { cachedVerifier } from '../src/http/cached-verifier.ts';

describe('cached token verifier', () => {
  const counting = (exp: number | undefined, fail = false) => {
    const calls: string[] = [];
    const verify = async (token: string) => {
      calls.push(token);
      if (fail) throw new Error('bad signature');
      return { sub: 'u', role: 'invoke', ...(exp !== undefined ? { exp } : {}) };
    };
    return { calls, verify };
  };

  it('verifies a token once within the TTL', async () => {
    const now = 0;
    const { calls, verify } = counting(3600);
    const cached = cachedVerifier(verify, { ttlMs: 1000, now: () => now });
    await cached('t');
    await cached('t');
    expect(calls).toEqual(['t']);
  });

  it('verifies again after the TTL', async () => {
    let now = 0;
    const { calls, verify } = counting(3600);
    const cached = cachedVerifier(verify, { ttlMs: 1000, now: () => now });
    await cached('t');
    now = 1000;
    await cached('t');
    expect(calls).toHaveLength(2);
  });

  it('never serves a token from the cache past its exp', async () => {
    let now = 0;
    const { calls, verify } = counting(2);
    const cached = cachedVerifier(verify, { ttlMs: 60_000, now: () => now });
    await cached('t');
    now = 2000;
    await cached('t');
    expect(calls).toHaveLength(2);
  });

  it('does not cache a rejection', async () => {
    const { calls, verify } = counting(3600, true);
    const cached = cachedVerifier(verify, { now: () => 0 });
    await expect(cached('forged')).rejects.toThrow('bad signature');
    await expect(cached('forged')).rejects.toThrow('bad signature');
    expect(calls).toHaveLength(2);
  });
});
