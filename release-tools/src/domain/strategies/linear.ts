// Linear: +increment% every interval until 100% has held for one interval, then promotion.
import type { StepPlan } from './step-plan.ts';

export function linearPlan(policy: { readonly increment: number; readonly intervalMs: number }): StepPlan {
  const increment = Math.max(1, Math.min(100, policy.increment));
  const steps = [];
  for (let weight = increment; ; weight += increment) {
    steps.push({ weight: Math.min(100, weight), holdMs: policy.intervalMs });
    if (weight >= 100) break;
  }
  return { steps, mode: 'weighted' };
}
