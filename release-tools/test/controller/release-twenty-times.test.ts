// fraud-detector 1.0.0 -> 1.1.0 (two equally good versions) released 20 times through the real
// controller, route table and router on a fake clock, with the default models.yaml and traffic
// flowing: the default judge must let at least 19 through (before the sequential judge: ~4 in 5 at
// best).
import { describe, expect, it } from 'vitest';
import { SCENARIOS } from '../../../bench/judge/scenarios.ts';
import { simulateRollout } from '../../../bench/judge/simulate-rollout.ts';
import { DEFAULT_JUDGE_LOOKS } from '../../src/domain/stats/judge-result.ts';

describe('releasing a good version with traffic flowing', () => {
  it('promotes fraud-detector 1.1.0 at least 19 times in 20', async () => {
    const aa = SCENARIOS.find((s) => s.name === 'A/A')!;

    const outcomes = [];
    for (let seed = 1; seed <= 20; seed++) outcomes.push(await simulateRollout(aa, DEFAULT_JUDGE_LOOKS, 900 + seed));

    expect(outcomes.filter((o) => o.result === 'promoted').length).toBeGreaterThanOrEqual(19);
  }, 120_000);
});
