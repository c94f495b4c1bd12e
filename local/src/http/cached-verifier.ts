// Verified-token cache, as API Gateway caches an authorizer's answer per token (TTL 300 s there):
// an HMAC check per request cost ~15% of the local platform's CPU under load. Only successes are
// cached, an entry never outlives the token's own `exp`, and the cache is bounded.
import type { TokenVerifier } from '../../../inference-stack/src/handlers/authorize.ts';

export interface CachedVerifierOptions {
  /** @default 60000 */
  readonly ttlMs?: number;
  /** @default 1000 */
  readonly maxEntries?: number;
  readonly now?: () => number;
}

export function cachedVerifier(verify: TokenVerifier, options: CachedVerifierOptions = {}): TokenVerifier {
  const now = options.now ?? Date.now;
  const ttlMs = options.ttlMs ?? 60_000;
  const maxEntries = options.maxEntries ?? 1000;
  const cache = new Map<string, { payload: Awaited<ReturnType<TokenVerifier>>; until: number }>();
  return async (token) => {
    const hit = cache.get(token);
    if (hit && now() < hit.until) return hit.payload;
    cache.delete(token);
    const payload = await verify(token);
    const exp = typeof payload.exp === 'number' ? payload.exp * 1000 : Number.POSITIVE_INFINITY;
    if (cache.size >= maxEntries) cache.clear();
    cache.set(token, { payload, until: Math.min(exp, now() + ttlMs) });
    return payload;
  };
}
