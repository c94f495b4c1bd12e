// How far a rollout is through its planned evidence, for the alpha-spending judge: the information
// fraction t by which it may have spent alpha(t). Each step of the plan brings information at a rate
// proportional to w(1 - w) (w the candidate's share: both the rank statistic's variance and the
// conditional binomial's grow with n * w(1 - w) per unit of time at a steady request rate), for its
// hold time. t counts each step's elapsed time up to its hold, so it reaches 1 exactly when the last
// step's bake is over, the look that promotes, whatever the request rate. Spending on this planned
// fraction rather than on observed counts keeps the spending independent of the data (Lan and DeMets
// 1983 allow calendar time), needs no forecast of the traffic, and leaves the observed variances to
// set the boundaries' correlation (alpha-spending.ts).
import type { HistoryEvent } from '../rollout/history.ts';
import type { RolloutRecord } from '../rollout/record.ts';
import type { StepPlan } from '../strategies/step-plan.ts';
import type { JudgeSchedule } from './judge.ts';

/** Looks planned every 5 s: the local controller's tick, and a divisor of the AWS one (1 min). */
export const JUDGE_LOOK_EVERY_MS = 5_000;

/** The alpha-spending judge's schedule for a rollout carrying traffic. */
export function judgeSchedule(
  r: RolloutRecord,
  plan: StepPlan,
  now: number,
  lookEveryMs = JUDGE_LOOK_EVERY_MS,
): JudgeSchedule {
  const starts = stepStarts(r.history, r.rolloutId);
  return {
    since: r.trafficSince ?? r.stepSince ?? now,
    now,
    lookEveryMs,
    fractionAt: (at) => informationFraction(plan, starts, at),
  };
}

export interface StepStart {
  readonly step: number;
  readonly at: number;
}

/** The steps of rollout `rolloutId` as its history records them, in order. */
export function stepStarts(history: readonly HistoryEvent[], rolloutId: number): StepStart[] {
  return history
    .filter((e) => e.rolloutId === rolloutId && e.type === 'step' && e.step !== undefined)
    .map((e) => ({ step: e.step!, at: e.at }));
}

export function informationFraction(plan: StepPlan, starts: readonly StepStart[], at: number): number {
  // w(1 - w) with w in percent, up to a constant factor (100^2), which the fraction cancels.
  const rate = (weight: number) => weight * (100 - weight);
  let planned = plan.steps.reduce((sum, s) => sum + rate(s.weight) * s.holdMs, 0);
  // A plan without a shared step (all at once) has no comparison to make; fall back to time.
  const rateOf = planned > 0 ? rate : () => 1;
  if (planned <= 0) planned = plan.steps.reduce((sum, s) => sum + s.holdMs, 0);
  if (planned <= 0) return 1;
  let seen = 0;
  starts.forEach((start, i) => {
    const step = plan.steps[start.step];
    if (!step) return;
    const end = Math.min(at, starts[i + 1]?.at ?? at);
    seen += rateOf(step.weight) * Math.min(step.holdMs, Math.max(0, end - start.at));
  });
  return Math.min(1, seen / planned);
}
