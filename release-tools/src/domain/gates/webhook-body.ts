// What the controller POSTs to a webhook gate: a small, versioned summary of the rollout at the
// moment a step may move. Services read `apiVersion` first; fields are only ever added.
import type { WebhookGate } from '../../../../model-registry/src/domain/manifest/types.ts';
import type { RolloutRecord } from '../rollout/record.ts';
import type { StepPlan } from '../strategies/step-plan.ts';
import type { Verdict } from './verdict.ts';

export const WEBHOOK_API_VERSION = 'mlrelease/webhook/v1';

export interface WebhookBody {
  readonly apiVersion: typeof WEBHOOK_API_VERSION;
  /** The same for every ask at one step of one rollout: a service may answer a repeat from memory. */
  readonly id: string;
  /** ISO 8601. */
  readonly at: string;
  readonly model: string;
  readonly rolloutId: number;
  readonly strategy: string;
  readonly stableVersion?: string;
  readonly candidateVersion: string;
  /** Which gate setting asked: every step, or the promotion only. */
  readonly on: WebhookGate['on'];
  /** The step being left, counted from 1, of `steps`, and the candidate's share of traffic in it. */
  readonly step: number;
  readonly steps: number;
  readonly weight: number;
  /** What a pass lets happen. */
  readonly next:
    | { readonly kind: 'advance'; readonly step: number; readonly weight: number }
    | { readonly kind: 'promote' };
  /** The metric gates' verdict (alarms, thresholds, judge) that let the step move. */
  readonly gates: {
    readonly outcome: Verdict['outcome'];
    readonly why: string;
    readonly judge?: {
      readonly metric: string;
      readonly test: string;
      readonly pValue: number;
      readonly alpha: number;
    };
  };
}

export function webhookBody(
  r: RolloutRecord,
  plan: StepPlan,
  gate: Pick<WebhookGate, 'on'>,
  verdict: Verdict,
  now: number,
): WebhookBody {
  const following = plan.steps[r.step + 1];
  const { judge } = verdict;
  return {
    apiVersion: WEBHOOK_API_VERSION,
    id: `${r.model}/${r.rolloutId}/${r.step + 1}`,
    at: new Date(now).toISOString(),
    model: r.model,
    rolloutId: r.rolloutId,
    strategy: r.policy.strategy,
    ...(r.stable ? { stableVersion: r.stable.version } : {}),
    candidateVersion: r.release.version,
    on: gate.on,
    step: r.step + 1,
    steps: plan.steps.length,
    weight: r.weight,
    next: following ? { kind: 'advance', step: r.step + 2, weight: following.weight } : { kind: 'promote' },
    gates: {
      outcome: verdict.outcome,
      why: verdict.why,
      ...(judge ? { judge: { metric: judge.metric, test: judge.test, pValue: judge.pValue, alpha: judge.alpha } } : {}),
    },
  };
}
