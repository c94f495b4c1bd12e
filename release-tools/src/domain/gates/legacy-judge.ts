// The judge as it was before the sequential one: a fixed-sample test (pooled two-proportion z on
// errors, Mann-Whitney U on latency samples) on everything since traffic began, read as p < alpha
// at every tick from 20 samples a side. Looking again and again inflates its false rollbacks (19%
// at alpha 0.05 in the bench), so nothing uses it but the bench, which measures it side by side.
import type { Judge } from '../../../../model-registry/src/domain/manifest/types.ts';
import type { MetricWindow } from '../../ports/metrics.ts';
import type { JudgeResult } from '../stats/judge-result.ts';
import { mannWhitneyTest } from '../stats/mann-whitney.ts';
import { twoProportionTest } from '../stats/two-proportion.ts';

export const LEGACY_JUDGE_MIN_SAMPLES = 20;

export function runLegacyJudge(judge: Judge, candidate: MetricWindow, stable: MetricWindow): JudgeResult | undefined {
  if (judge.metric === 'error-rate') {
    if (candidate.count < LEGACY_JUDGE_MIN_SAMPLES || stable.count < LEGACY_JUDGE_MIN_SAMPLES) return undefined;
    const result = twoProportionTest(
      { events: candidate.errors, trials: candidate.count },
      { events: stable.errors, trials: stable.count },
      judge.alpha,
    );
    return { ...result, looks: 'every-tick-fixed' };
  }
  const c = candidate.latencySamplesMs ?? [];
  const s = stable.latencySamplesMs ?? [];
  if (c.length < LEGACY_JUDGE_MIN_SAMPLES || s.length < LEGACY_JUDGE_MIN_SAMPLES) return undefined;
  return { ...mannWhitneyTest(c, s, judge.alpha), looks: 'every-tick-fixed' };
}
