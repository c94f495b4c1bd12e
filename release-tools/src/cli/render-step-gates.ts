// The step gates in `status`: what each webhook answered at this step and whether the rollout waits
// for a person's approval.
import { approvedBy, gatesAtMove, stateAt, waitingForApproval } from '../domain/gates/step-gates.ts';
import type { RolloutRecord } from '../domain/rollout/record.ts';
import { planOf } from '../domain/strategies/next-move.ts';

export function renderStepGatesStatus(r: RolloutRecord): string {
  if (!r.candidate || (r.phase !== 'Progressing' && r.phase !== 'Paused')) return '';
  // Most releases have no step gates (and a hand-made record may have no policy): nothing to say.
  const policy: Partial<RolloutRecord['policy']> | undefined = r.policy;
  if (!policy?.gates?.webhooks && !policy?.gates?.manual) return '';
  const gates = gatesAtMove(r.policy.gates, planOf(r.policy).steps[r.step + 1] === undefined);
  const state = stateAt(r.stepGates, r.step);
  const parts = state.webhooks.map((a) =>
    a.outcome === 'hold' && a.retryAt !== undefined
      ? `${a.why}, asked ${a.attempts} time${a.attempts === 1 ? '' : 's'}, next at ${clock(a.retryAt)}`
      : a.why,
  );
  if (state.approval) parts.push(approvedBy(state.approval));
  else if (gates.manual)
    parts.push(
      waitingAt(r)
        ? waitingForApproval(r.model)
        : `approval needed before the step moves (mlrelease approve ${r.model})`,
    );
  return parts.length > 0 ? `\n    step gates: ${parts.join('; ')}` : '';
}

/** The controller said this step waits (its bake is over): the 'waiting' event of this step. */
function waitingAt(r: RolloutRecord): boolean {
  return r.history.some((e) => e.type === 'waiting' && e.rolloutId === r.rolloutId && e.step === r.step);
}

function clock(at: number): string {
  return `${new Date(at).toISOString().slice(11, 19)}Z`;
}
