// A shadow followed by a canary (`then: canary`) through the real controller on in-memory adapters:
// the canary's gates judge the traffic callers send the candidate, from the handover on, and the
// divergence gate, which looked during the shadow, does not hold the canary waiting for pairs.
import { describe, expect, it } from 'vitest';
import { MemoryMirrorStore } from '../../src/adapters/local/memory-mirror-store.ts';
import { harness, manifestOf, model } from './harness.ts';

const SHADOW_THEN_CANARY = `    strategy: shadow
    sample: 100%
    duration: 1m
    then: canary
    steps: [ { weight: 50, bake: 1m } ]
    gates:
      maxErrorRate: 2%
      maxP99LatencyMs: 200
      minRequests: 100
      maxDivergence: { metric: abs-diff-p99, threshold: 0.05, alpha: 0.05 }`;

async function inShadow(release = SHADOW_THEN_CANARY) {
  const mirror = new MemoryMirrorStore();
  const h = harness(manifestOf(model('churn', '1.0.0'), release), { mirror });
  for (let i = 0; i < 5; i++) await h.tick();
  h.setDesired(manifestOf(model('churn', '1.1.0'), release));
  for (let i = 0; i < 5; i++) await h.tick();
  return { h, mirror };
}

/**
 * What the platform's mirror records for `n` of stable's requests: a candidate invocation and a pair
 * each, identical but for every `divergeEvery`-th pair (0: none), whose outputs differ by 0.6.
 */
function mirrored(
  h: Awaited<ReturnType<typeof inShadow>>['h'],
  mirror: MemoryMirrorStore,
  n: number,
  divergeEvery = 0,
) {
  for (let i = 0; i < n; i++) {
    const differs = divergeEvery > 0 && i % divergeEvery === divergeEvery - 1;
    const at = h.now() - 999 + i;
    h.metrics.record({ model: 'churn', track: 'candidate', version: '1.1.0', latencyMs: 20, error: false, at });
    mirror.pair({
      model: 'churn',
      stableVersion: '1.0.0',
      candidateVersion: '1.1.0',
      requestId: `r${at}`,
      maxAbsDiff: differs ? 0.6 : 0,
      disagree: differs,
      at,
    });
  }
}

describe('shadow then canary through the controller', () => {
  it('starts the canary evidence at the handover: no promotion on the shadow mirrored requests alone', async () => {
    // Prepare: a shadow with plenty of identical pairs, handed over to the canary.
    const { h, mirror } = await inShadow();
    expect(await h.record('churn')).toMatchObject({ phase: 'Progressing', step: 0, weight: 0 });
    h.advance(30_000);
    mirrored(h, mirror, 300);
    await h.traffic('churn', 300, { latencyMs: 20, errorRate: 0 });
    h.advance(31_000);
    await h.tick();
    const canary = await h.record('churn');
    expect(canary).toMatchObject({ phase: 'Progressing', step: 1, weight: 50, trafficSince: h.now() });
    expect(canary?.history.at(-1)).toMatchObject({ type: 'step', divergence: { pairs: 300, diverges: false } });
    // Act: the canary's bake passes with no caller sent to the candidate.
    h.advance(61_000);
    await h.tick();
    // Assess
    const waiting = await h.record('churn');
    expect(waiting).toMatchObject({ phase: 'Progressing', step: 1 });
    expect(waiting?.lastVerdict?.why).toBe('0/100 candidate requests');
  });

  it('promotes once the canary traffic passes the gates, with no mirrored pair since the handover', async () => {
    // Prepare
    const { h, mirror } = await inShadow();
    h.advance(30_000);
    mirrored(h, mirror, 300);
    h.advance(31_000);
    await h.tick();
    h.advance(61_000);
    // Act: real traffic at the canary's 50%, none of it mirrored.
    await h.traffic('churn', 400, { latencyMs: 20, errorRate: 0 });
    await h.tick();
    // Assess
    const done = await h.record('churn');
    expect(done?.phase).toBe('Promoted');
    expect(done?.history.at(-1)?.why).toMatch(/^all steps healthy: \d+ requests, error rate 0\.00%, p99 \d+ms$/);
  });
});

describe('shadow then canary with a judge (alpha-spending, the default)', () => {
  it("judges the canary's own traffic and promotes a candidate no slower than stable", async () => {
    // Prepare: the shadow's step has weight 0, so it spends no alpha; the canary's does.
    const { h, mirror } = await inShadow(
      `${SHADOW_THEN_CANARY}\n    judge: { metric: latency, test: sequential-rank, alpha: 0.05 }`,
    );
    h.advance(30_000);
    mirrored(h, mirror, 300);
    h.advance(31_000);
    await h.tick();
    // Act: a minute of canary traffic at 50%, a tick every 5 s.
    for (let i = 0; i < 13; i++) {
      h.advance(5_000);
      await h.traffic('churn', 40, { latencyMs: 20, errorRate: 0 });
      await h.tick();
    }
    // Assess
    const done = await h.record('churn');
    expect(done?.phase).toBe('Promoted');
    expect(done?.lastVerdict?.judge).toMatchObject({
      metric: 'latency',
      looks: 'alpha-spending',
      candidateWorse: false,
    });
  });

  it('rolls back a slower candidate in the canary on the judge', async () => {
    // Prepare
    const { h, mirror } = await inShadow(
      `${SHADOW_THEN_CANARY}\n    judge: { metric: latency, test: sequential-rank, alpha: 0.05 }`,
    );
    h.advance(30_000);
    mirrored(h, mirror, 300);
    h.advance(31_000);
    await h.tick();
    // Act: the candidate answers callers in ~120 ms against stable's ~25 ms (under the 200 ms p99 gate).
    for (let i = 0; i < 13; i++) {
      h.advance(5_000);
      await h.traffic('churn', 40, { latencyMs: 120, errorRate: 0 });
      await h.tick();
    }
    // Assess
    const done = await h.record('churn');
    expect(done?.phase).toBe('RolledBack');
    expect(done?.history.at(-1)?.why).toMatch(/^judge: candidate slower than stable/);
  });
});

describe('a shadow whose evidence has not decided at the end of its duration', () => {
  it('holds the handover while more pairs exceed than tolerated, until the test rolls it back', async () => {
    // Prepare: 5 of 155 pairs beyond tolerance (3.2%, 1% tolerated): not enough pairs to decide.
    const { h, mirror } = await inShadow();
    h.advance(30_000);
    mirrored(h, mirror, 155, 31);
    h.advance(31_000);
    // Act
    await h.tick();
    const held = await h.record('churn');
    h.advance(5_000);
    mirrored(h, mirror, 155, 31);
    await h.tick();
    // Assess: no canary on undecided evidence; with more pairs, the gate decides.
    expect(held).toMatchObject({ phase: 'Progressing', step: 0, weight: 0 });
    expect(held?.lastVerdict?.why).toMatch(/^divergence above tolerance, not conclusive yet; /);
    const stopped = await h.record('churn');
    expect(stopped?.phase).toBe('RolledBack');
    expect(stopped?.history.at(-1)).toMatchObject({ type: 'rolled-back', divergence: { pairs: 310, exceeding: 10 } });
  });
});

describe("a shadow's divergence in the record, for status and the dashboard", () => {
  it('records the growing evidence while the verdict stays the same, not on every tick', async () => {
    // Prepare
    const { h, mirror } = await inShadow();
    const seen: number[] = [];
    // Act: 20 pairs per 5 s tick, all identical: the verdict stays pass (after the first 100).
    for (let tick = 0; tick < 10; tick++) {
      h.advance(5_000);
      mirrored(h, mirror, 20);
      await h.tick();
      seen.push((await h.record('churn'))?.lastVerdict?.divergence?.pairs ?? -1);
    }
    // Assess: written again at 1.5x the pairs last recorded.
    expect(seen).toEqual([20, 40, 60, 60, 100, 100, 100, 160, 160, 160]);
  });
});
