// The manual gate: `mlrelease approve` records an intent, and the controller keeps the approval in
// the record for the step the rollout is at, with who and why. An approval given while the step is
// still baking counts when it ends; one for a step the gate does not ask at is noted and ignored.
import type { Intent } from '../intents.ts';
import { isTerminal, type RolloutRecord } from '../rollout/record.ts';
import { note } from '../rollout/transition.ts';
import { planOf } from '../strategies/next-move.ts';
import { approvedBy, gatesAtMove, stateAt } from './step-gates.ts';

/** Why the rollout's current step takes no approval; undefined when it does. */
export function approvalRefusal(r: RolloutRecord): string | undefined {
  if (isTerminal(r.phase)) return `rollout is ${r.phase}`;
  if (r.phase !== 'Progressing' && r.phase !== 'Paused') return `no traffic on ${r.release.version} yet (${r.phase})`;
  const manual = r.policy.gates.manual;
  if (!manual) return 'its release has no manual gate (gates: { manual: { on: step | promote } })';
  const plan = planOf(r.policy);
  const completing = plan.steps[r.step + 1] === undefined;
  if (!gatesAtMove(r.policy.gates, completing).manual)
    return `step ${r.step + 1}/${plan.steps.length} needs no approval (the manual gate asks before promotion only)`;
  const given = stateAt(r.stepGates, r.step).approval;
  if (given) return `step ${r.step + 1} is already ${approvedBy(given)}`;
  return undefined;
}

export function approveStep(r: RolloutRecord, intent: Intent): RolloutRecord {
  const consumed = { ...r, intentSeq: intent.seq };
  const cause = { at: intent.at, who: intent.who };
  const refused = approvalRefusal(r);
  if (refused) return note(consumed, { type: 'intent-ignored', ...cause, why: `approve ignored: ${refused}` });
  const approval = { at: intent.at, who: intent.who, why: intent.reason ?? 'approved' };
  const state = stateAt(r.stepGates, r.step);
  return note(
    consumed,
    { type: 'approved', ...cause, why: `step ${r.step + 1} ${approvedBy(approval)}` },
    { stepGates: { ...state, approval } },
  );
}
