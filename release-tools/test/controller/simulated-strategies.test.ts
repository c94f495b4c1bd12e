import { describe, expect, it } from 'vitest';
import { harness, manifestOf, model } from './harness.ts';

async function releaseWith(release: string, seconds: number) {
  const h = harness(manifestOf(model('churn', '1.0.0'), release));
  const tick = async () => {
    h.advance(1_000);
    await h.traffic('churn', 40, { latencyMs: 20, errorRate: 0 });
    await h.tick();
  };
  for (let i = 0; i < 5; i++) await tick();
  h.setDesired(manifestOf(model('churn', '1.1.0'), release));
  const routes = [];
  for (let i = 0; i < seconds; i++) {
    await tick();
    routes.push((await h.router.readTable()).routes.churn);
  }
  return { h, record: (await h.record('churn'))!, routes };
}

describe('simulated rollouts per strategy', () => {
  it('A/B: routes a sticky split for the duration, then promotes with the judge report', async () => {
    const { record, routes } = await releaseWith(
      `    strategy: ab
    split: 50
    sticky: header:x-user-id
    duration: 30s
    gates: { maxErrorRate: 1%, maxP99LatencyMs: 200, minRequests: 100 }
    judge: { metric: latency, test: mann-whitney, alpha: 0.05 }`,
      45,
    );

    expect(routes.find((r) => r?.candidate)).toMatchObject({
      mode: 'sticky',
      sticky: { source: 'header', name: 'x-user-id' },
      candidateWeight: 50,
    });
    expect(record.phase).toBe('Promoted');
    const promoted = record.history.at(-1)!;
    expect(promoted.type).toBe('promoted');
    expect(promoted.judge).toMatchObject({ test: 'sequential-rank', alpha: 0.05, candidateWorse: false });
    expect(promoted.judge!.pValue).toBeGreaterThan(0.05);
  });

  it('linear: +25% every 5s until 100%, then promotes', async () => {
    const { record } = await releaseWith(
      `    strategy: linear
    increment: 25
    interval: 5s
    gates: { maxErrorRate: 1%, maxP99LatencyMs: 200, minRequests: 10 }`,
      40,
    );

    const weights = record.history
      .filter((e) => e.rolloutId === record.rolloutId && e.type === 'step')
      .map((e) => e.weight);
    expect(weights).toEqual([25, 50, 75, 100]);
    expect(record).toMatchObject({ phase: 'Promoted', stable: { version: '1.1.0' } });
  });

  it('all-at-once: 100% on the candidate, promoted once the gates pass', async () => {
    const { record, routes } = await releaseWith(
      `    strategy: all-at-once
    gates: { maxErrorRate: 1%, maxP99LatencyMs: 200, minRequests: 30 }`,
      10,
    );

    expect(routes.some((r) => r?.candidateWeight === 100)).toBe(true);
    expect(record).toMatchObject({ phase: 'Promoted', stable: { version: '1.1.0' } });
  });
});
