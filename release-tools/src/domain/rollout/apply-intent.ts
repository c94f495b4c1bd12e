// A user's intent, applied to the record. Intents that make no sense in the current phase are
// consumed and noted, so the history shows the user why nothing happened.
import { approveStep } from '../gates/manual-gate.ts';
import type { Intent } from '../intents.ts';
import { planOf, skipTo } from '../strategies/next-move.ts';
import { abort, advance, pause, promote, resume, rollBack } from './operations.ts';
import { isTerminal, type RolloutRecord } from './record.ts';
import { note } from './transition.ts';

export function applyIntent(r: RolloutRecord, intent: Intent): RolloutRecord {
  const cause = { at: intent.at, who: intent.who, why: intent.reason ?? `${intent.type} requested` };
  const consumed = { ...r, intentSeq: intent.seq };
  const ignored = (why: string) =>
    note(consumed, { type: 'intent-ignored', ...cause, why: `${intent.type} ignored: ${why}` });
  if (isTerminal(r.phase)) return ignored(`rollout is ${r.phase}`);
  const carrying = r.phase === 'Progressing' || r.phase === 'Paused';
  switch (intent.type) {
    case 'rollback':
      // Before any traffic there is nothing to roll back from: stop the rollout instead.
      return carrying ? rollBack(consumed, cause) : abort(consumed, cause);
    case 'abort':
      return abort(consumed, cause);
    case 'pause':
      return r.phase === 'Progressing' ? pause(consumed, cause) : ignored(`rollout is ${r.phase}`);
    case 'resume':
      return r.phase === 'Paused' ? resume(consumed, cause) : ignored(`rollout is ${r.phase}`);
    case 'approve':
      return approveStep(r, intent);
    case 'retry':
      // decide() handles retry, which needs models.yaml's version; reaching here is a bug.
      return ignored('retry needs the desired version');
    case 'promote': {
      if (!carrying) return ignored(`no traffic on ${r.release.version} yet (${r.phase})`);
      const plan = planOf(r.policy);
      const move = intent.full ? ({ kind: 'complete' } as const) : skipTo(plan, r.step + 1);
      if (move.kind === 'complete') return promote(consumed, cause);
      // A promote while paused also resumes: the user asked for more traffic.
      const running = r.phase === 'Paused' ? resume(consumed, cause) : consumed;
      return advance(running, plan, move.step, move.weight, cause);
    }
  }
}
