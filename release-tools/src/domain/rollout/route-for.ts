// The route a record implies. The route table is a projection of the records, so the controller
// can re-assert it on every tick (a crash between the two writes heals on the next one).
import type { ModelRoute, RouteTarget } from '../route-table.ts';
import { planOf } from '../strategies/next-move.ts';
import type { DeployedVersion, ReleaseSubject, RolloutRecord } from './record.ts';

export function routeFor(r: RolloutRecord): ModelRoute | undefined {
  if (!r.stable) return undefined;
  // Only a rollout in progress (or paused) sends the candidate traffic, once it has a target model.
  const candidate = r.phase === 'Progressing' || r.phase === 'Paused' ? r.candidate : undefined;
  if (!candidate?.targetModel) {
    return {
      model: r.model,
      stable: targetOf(r.stable),
      candidateWeight: 0,
      mode: 'weighted',
    };
  }
  const plan = planOf(r.policy);
  return {
    model: r.model,
    stable: targetOf(r.stable),
    candidate: targetOf({ ...candidate, targetModel: candidate.targetModel }),
    candidateWeight: r.weight,
    mode: plan.mode,
    ...(plan.sticky ? { sticky: plan.sticky } : {}),
    // Paused freezes the step as it is, mirroring included: the shadow's evidence keeps coming.
    ...(plan.steps[r.step]?.mirror ? { mirror: plan.steps[r.step]!.mirror } : {}),
  };
}

/**
 * The version every request of the model goes to: the candidate once its route carries all the
 * traffic (an all-at-once release, breaking or not), else stable. During a partial canary both take
 * requests, and the candidate's signature is compatible with stable's, so stable stands for both.
 */
export function routedVersion(r: RolloutRecord): DeployedVersion | ReleaseSubject | undefined {
  const route = routeFor(r);
  return route?.candidate && route.candidateWeight >= 100 ? r.candidate : r.stable;
}

function targetOf(v: { version: string; targetModel: string; targetVariant?: string }): RouteTarget {
  return {
    version: v.version,
    targetModel: v.targetModel,
    ...(v.targetVariant ? { targetVariant: v.targetVariant } : {}),
  };
}

export function sameRoute(a: ModelRoute | undefined, b: ModelRoute | undefined): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
