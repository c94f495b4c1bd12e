// The route a record implies. The route table is a projection of the records, so the controller
// can re-assert it on every tick (a crash between the two writes heals on the next one).
import type { ModelRoute } from '../route-table.ts';
import { planOf } from '../strategies/next-move.ts';
import type { RolloutRecord } from './record.ts';

export function routeFor(r: RolloutRecord): ModelRoute | undefined {
  if (!r.stable) return undefined;
  const carrying = (r.phase === 'Progressing' || r.phase === 'Paused') && r.candidate?.targetModel;
  if (!carrying || !r.candidate?.targetModel) {
    return {
      model: r.model,
      stable: { version: r.stable.version, targetModel: r.stable.targetModel },
      candidateWeight: 0,
      mode: 'weighted',
    };
  }
  const plan = planOf(r.policy);
  return {
    model: r.model,
    stable: { version: r.stable.version, targetModel: r.stable.targetModel },
    candidate: { version: r.candidate.version, targetModel: r.candidate.targetModel },
    candidateWeight: r.weight,
    mode: plan.mode,
    ...(plan.sticky ? { sticky: plan.sticky } : {}),
  };
}

export function sameRoute(a: ModelRoute | undefined, b: ModelRoute | undefined): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
