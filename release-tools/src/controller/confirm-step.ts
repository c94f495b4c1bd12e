// The step gates at the moment a step may move: ask the webhooks due (at most once per step, again
// only after a hold's backoff, all at once and each bounded by its timeout), keep their answers in
// the record, and say whether the move may happen, must wait, or must roll back.
import {
  decideStepGates,
  dueWebhooks,
  type GatesAtMove,
  gatesAtMove,
  hasStepGates,
  stateAt,
  withAnswer,
} from '../domain/gates/step-gates.ts';
import type { Verdict } from '../domain/gates/verdict.ts';
import { webhookBody } from '../domain/gates/webhook-body.ts';
import { webhookVerdict } from '../domain/gates/webhook-gate.ts';
import { rollBack } from '../domain/rollout/operations.ts';
import type { RolloutRecord } from '../domain/rollout/record.ts';
import { note } from '../domain/rollout/transition.ts';
import type { StepPlan } from '../domain/strategies/step-plan.ts';
import type { WebhookAnswer, WebhookCaller } from '../ports/webhook.ts';

export type StepConfirmation =
  /** `why`: what the step gates said, for the move's history event (absent: the move has none). */
  | { readonly kind: 'proceed'; readonly why?: string }
  | { readonly kind: 'changed'; readonly record: RolloutRecord; readonly action: string }
  | { readonly kind: 'unchanged'; readonly action: string };

export async function confirmStep(
  r: RolloutRecord,
  verdict: Verdict,
  plan: StepPlan,
  now: number,
  webhooks: WebhookCaller,
): Promise<StepConfirmation> {
  const gates: GatesAtMove = gatesAtMove(r.policy.gates, plan.steps[r.step + 1] === undefined);
  if (!hasStepGates(gates)) return { kind: 'proceed' };
  let state = stateAt(r.stepGates, r.step);
  const due = dueWebhooks(gates, state, now);
  const answers = await Promise.all(
    due.map((gate) =>
      webhooks
        .post({ url: gate.url, body: webhookBody(r, plan, gate, verdict, now), timeoutMs: gate.timeoutMs })
        // The port never throws; if one did, it is an unreachable service, not a failed tick.
        .catch((error: unknown): WebhookAnswer => ({ kind: 'unreachable', message: String(error) })),
    ),
  );
  due.forEach((gate, i) => {
    state = withAnswer(state, gate.url, webhookVerdict(gate, answers[i]!), now);
  });
  const decision = decideStepGates(r.model, gates, state);
  const saved: RolloutRecord = { ...r, stepGates: state };
  switch (decision.kind) {
    case 'proceed':
      return { kind: 'proceed', why: decision.why };
    case 'rollback':
      return { kind: 'changed', record: rollBack(saved, { at: now, why: decision.why }), action: 'rolled-back' };
    case 'hold': {
      const action = `waiting: ${decision.why}`;
      // Said once per reason: a webhook failing the same way again, or an approval still awaited, adds no event.
      const last = r.history.at(-1);
      const said = last?.type === 'waiting' && last.step === r.step && last.why === decision.why;
      if (said && due.length === 0) return { kind: 'unchanged', action };
      return {
        kind: 'changed',
        record: said ? saved : note(saved, { type: 'waiting', at: now, why: decision.why }),
        action,
      };
    }
  }
}
