// models.yaml's default judge boundary (alpha-spending) is written into each new rollout's policy;
// a rollout recorded before that, whose policy names no boundary, keeps the mixture SPRT it started
// with across the upgrade.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MemoryStateStore } from '../../src/adapters/local/memory-state-store.ts';
import { harness, manifestOf, model } from './harness.ts';

// The repository's models.yaml defaults, without a boundary.
const RELEASE = `    strategy: canary
    steps: [ { weight: 10, bake: 30s }, { weight: 50, bake: 30s } ]
    gates: { maxErrorRate: 1%, maxP99LatencyMs: 200, minRequests: 100 }
    judge: { metric: latency, test: sequential-rank, alpha: 0.05 }`;
const v1 = manifestOf(model('fraud-detector', '1.0.0'), RELEASE);
const v2 = manifestOf(model('fraud-detector', '1.1.0'), RELEASE);

/** 25 s of traffic (candidate as fast as stable), a tick every 5 s: enough for a verdict. */
async function canary(h: ReturnType<typeof harness>) {
  for (let s = 1; s <= 25; s++) {
    h.advance(1_000);
    await h.traffic('fraud-detector', 50, { latencyMs: 20, errorRate: 0 });
    if (s % 5 === 0) await h.tick();
  }
  return (await h.record('fraud-detector'))!;
}

describe('the judge boundary a rollout runs', () => {
  it('a new rollout gets models.yaml default, alpha-spending, in its policy and runs it', async () => {
    const h = harness(v1);
    for (let i = 0; i < 5; i++) await h.tick();
    h.setDesired(v2);
    for (let i = 0; i < 5; i++) await h.tick();

    const r = await canary(h);

    expect(r.policy.judge?.boundary).toBe('alpha-spending');
    expect(r.lastVerdict?.judge?.looks).toBe('alpha-spending');
  });

  it('a rollout in flight whose policy names no boundary (written before the default) keeps the mixture', async () => {
    // Written by the code at 13db1e1: fraud-detector 1.0.0 -> 1.1.0, 20 s into the 10% step.
    const fixture = join(import.meta.dirname, '../fixtures/judge-without-boundary-v0/state.json');
    const state = JSON.parse(readFileSync(fixture, 'utf8')) as Record<string, unknown>;
    const store = new MemoryStateStore();
    for (const [key, value] of Object.entries(state)) await store.put(key, value, null);
    const h = harness(v2, { store });
    h.advance(20_000);

    const r = await canary(h);

    expect(r.rolloutId).toBe(2);
    expect(r.policy.judge?.boundary).toBeUndefined();
    expect(r.lastVerdict?.judge?.looks).toBe('sequential');
    expect(r.lastVerdict?.judge?.eValue).toBeDefined();
  });
});
