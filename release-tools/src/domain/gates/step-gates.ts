// Step gates: once a step may move (its bake is over and the metric gates pass), the webhooks are
// asked and a person's approval is awaited before the traffic changes or the release is promoted.
// Their answers are kept in the rollout record per step, so a webhook is asked once per step (again
// only after a hold, with backoff) and an approval survives restarts.
import type { Gates, WebhookGate } from '../../../../model-registry/src/domain/manifest/types.ts';
import { retryDelayMs, type StepGateOutcome, type WebhookVerdict } from './webhook-gate.ts';

export interface WebhookAnswerRecord {
  readonly url: string;
  readonly outcome: StepGateOutcome;
  readonly why: string;
  /** Epoch ms of the last ask. */
  readonly at: number;
  /** Asks at this step so far. */
  readonly attempts: number;
  /** After a hold: not asked again before this (epoch ms). */
  readonly retryAt?: number;
}

export interface Approval {
  readonly at: number;
  readonly who: string;
  readonly why: string;
}

/** The record's `stepGates`: answers for one step of the rollout; another step's are stale. */
export interface StepGateState {
  readonly step: number;
  readonly webhooks: readonly WebhookAnswerRecord[];
  readonly approval?: Approval;
}

/** The gates that must agree before this move: `completing` is the move to promotion. */
export interface GatesAtMove {
  readonly webhooks: readonly WebhookGate[];
  readonly manual: boolean;
}

export function gatesAtMove(gates: Gates, completing: boolean): GatesAtMove {
  const applies = (on: 'step' | 'promote') => on === 'step' || completing;
  return {
    webhooks: (gates.webhooks ?? []).filter((w) => applies(w.on)),
    manual: gates.manual !== undefined && applies(gates.manual.on),
  };
}

export function hasStepGates(g: GatesAtMove): boolean {
  return g.webhooks.length > 0 || g.manual;
}

/** The state kept for `step`; empty when the record holds none or another step's. */
export function stateAt(saved: StepGateState | undefined, step: number): StepGateState {
  return saved?.step === step ? saved : { step, webhooks: [] };
}

/** Webhooks to ask now: never asked at this step, or held and past their retry time. */
export function dueWebhooks(g: GatesAtMove, state: StepGateState, now: number): WebhookGate[] {
  return g.webhooks.filter((w) => {
    const last = state.webhooks.find((a) => a.url === w.url);
    return !last || (last.outcome === 'hold' && (last.retryAt ?? 0) <= now);
  });
}

export function withAnswer(state: StepGateState, url: string, verdict: WebhookVerdict, now: number): StepGateState {
  const attempts = (state.webhooks.find((a) => a.url === url)?.attempts ?? 0) + 1;
  const answer: WebhookAnswerRecord = {
    url,
    ...verdict,
    at: now,
    attempts,
    ...(verdict.outcome === 'hold' ? { retryAt: now + retryDelayMs(attempts) } : {}),
  };
  return { ...state, webhooks: [...state.webhooks.filter((a) => a.url !== url), answer] };
}

export type StepGateDecision =
  | { readonly kind: 'proceed'; readonly why: string }
  | { readonly kind: 'hold'; readonly why: string }
  | { readonly kind: 'rollback'; readonly why: string };

/** What the answers so far allow: a `pass: false` (or onFailure: rollback) wins, then any hold. */
export function decideStepGates(model: string, g: GatesAtMove, state: StepGateState): StepGateDecision {
  const answers = g.webhooks.map((w) => state.webhooks.find((a) => a.url === w.url));
  const rollback = answers.find((a) => a?.outcome === 'rollback');
  if (rollback) return { kind: 'rollback', why: rollback.why };
  const holds = g.webhooks.flatMap((w, i) => {
    const a = answers[i];
    if (a?.outcome === 'pass') return [];
    return [a?.why ?? `webhook ${w.url}: not asked yet`];
  });
  if (g.manual && !state.approval) holds.push(waitingForApproval(model));
  if (holds.length > 0) return { kind: 'hold', why: holds.join('; ') };
  const passed = answers.map((a) => a!.why);
  if (g.manual && state.approval) passed.push(approvedBy(state.approval));
  return { kind: 'proceed', why: passed.join('; ') };
}

export function waitingForApproval(model: string): string {
  return `waiting for approval (mlrelease approve ${model} --reason ...)`;
}

export function approvedBy(a: Approval): string {
  return `approved by ${a.who}: ${a.why}`;
}
