// What can happen to a rollout, as pure functions over the record. The controller picks one per
// tick; the CLI's intents map onto promote/rollback/abort/pause/resume.
import type { ModelSpec } from '../../../../model-registry/src/domain/manifest/types.ts';
import type { StepPlan } from '../strategies/step-plan.ts';
import { CONTROLLER } from './history.ts';
import type { RolloutRecord } from './record.ts';
import { type Cause, transition } from './transition.ts';

type Who = Pick<Cause, 'at' | 'who' | 'why' | 'alarm' | 'judge' | 'divergence' | 'deadLetters'>;

/** A new rollout for `spec` (outside the state machine: it replaces whatever came before). */
export function startRollout(prev: RolloutRecord | undefined, spec: ModelSpec, at: number, why: string): RolloutRecord {
  const base: RolloutRecord = {
    model: spec.name,
    rolloutId: (prev?.rolloutId ?? 0) + 1,
    phase: 'Pending',
    ...(prev?.stable ? { stable: prev.stable } : {}),
    candidate: { version: spec.version, artifact: spec.artifact },
    release: { version: spec.version, artifact: spec.artifact, signature: spec.signature },
    policy: spec.release,
    step: 0,
    weight: 0,
    startedAt: at,
    rolledBackVersions: prev?.rolledBackVersions ?? [],
    intentSeq: prev?.intentSeq ?? 0,
    history: prev?.history ?? [],
  };
  return {
    ...base,
    history: [
      ...base.history,
      { at, rolloutId: base.rolloutId, type: 'started', version: spec.version, to: 'Pending', who: CONTROLLER, why },
    ],
  };
}

/** The model left models.yaml: no route, no versions; a later entry starts from scratch. */
export function retire(prev: RolloutRecord, at: number): RolloutRecord {
  const { stable: _s, candidate: _c, trafficSince: _t, stepSince: _st, pausedAt: _p, ...rest } = prev;
  const version = prev.stable?.version ?? prev.release.version;
  return {
    ...rest,
    rolloutId: prev.rolloutId + 1,
    phase: 'Retired',
    release: { version },
    weight: 0,
    history: [
      ...prev.history,
      {
        at,
        rolloutId: prev.rolloutId + 1,
        type: 'retired',
        version,
        to: 'Retired',
        who: CONTROLLER,
        why: 'removed from models.yaml',
      },
    ],
  };
}

export function beginCompile(r: RolloutRecord, at: number): RolloutRecord {
  return transition(r, 'Compiling', { type: 'compiling', at, why: 'preparing the release (compile, register)' });
}

export function registered(
  r: RolloutRecord,
  at: number,
  targetModel: string,
  sha256: string,
  targetVariant?: string,
): RolloutRecord {
  const subject = { ...r.release, targetModel, sha256, ...(targetVariant ? { targetVariant } : {}) };
  const served = targetVariant ? ` (production variant ${targetVariant})` : '';
  return transition(
    r,
    'Registered',
    { type: 'registered', at, why: `registered ${targetModel}${served}` },
    {
      candidate: subject,
      release: subject,
    },
  );
}

/** Registered -> the first step's weight on the candidate (it has been warmed). */
export function startTraffic(r: RolloutRecord, plan: StepPlan, at: number): RolloutRecord {
  const first = plan.steps[0]?.weight ?? 100;
  return transition(
    r,
    'Progressing',
    { type: 'step', at, why: `step 1/${plan.steps.length}: ${stepText(plan, 0, first)}` },
    {
      step: 0,
      weight: first,
      stepSince: at,
      trafficSince: at,
    },
  );
}

export function advance(r: RolloutRecord, plan: StepPlan, step: number, weight: number, cause: Who): RolloutRecord {
  // Traffic never shifts back towards stable mid-rollout; only a rollback does that.
  const kept = Math.max(weight, r.weight);
  // A shadow hands over to its canary: the canary's gates judge what callers get from the candidate,
  // so its evidence starts now, not with the shadow's mirrored requests.
  const handover = plan.steps[r.step]?.mirror !== undefined && plan.steps[step]?.mirror === undefined;
  return transition(
    r,
    'Progressing',
    {
      type: 'step',
      ...cause,
      why: `step ${step + 1}/${plan.steps.length}: ${stepText(plan, step, kept)} (${cause.why})`,
    },
    {
      step,
      weight: kept,
      stepSince: cause.at,
      ...(handover ? { trafficSince: cause.at } : {}),
    },
  );
}

export function promote(r: RolloutRecord, cause: Who): RolloutRecord {
  const { targetModel, version } = r.release;
  if (!targetModel) throw new Error(`${r.model}: cannot promote ${version} before it is registered`);
  return transition(
    r,
    'Promoted',
    { type: 'promoted', ...cause },
    {
      stable: { ...r.release, targetModel },
      candidate: undefined,
      weight: 0,
    },
  );
}

/** Back to stable; the version is held until models.yaml names another one, or `retry`. */
export function rollBack(r: RolloutRecord, cause: Who): RolloutRecord {
  return transition(
    r,
    'RolledBack',
    { type: 'rolled-back', ...cause, held: true },
    { candidate: undefined, weight: 0, rolledBackVersions: withHeld(r, r.release.version) },
  );
}

/**
 * Stops the rollout, all traffic to stable. The version is held like a rolled-back one, unless
 * `hold: false` (models.yaml itself moved away from it, so there is nothing to hold).
 */
export function abort(r: RolloutRecord, cause: Who, { hold = true }: { hold?: boolean } = {}): RolloutRecord {
  return transition(
    r,
    'Aborted',
    { type: 'aborted', ...cause, held: hold },
    {
      candidate: undefined,
      weight: 0,
      ...(hold ? { rolledBackVersions: withHeld(r, r.release.version) } : {}),
    },
  );
}

function withHeld(r: RolloutRecord, version: string): readonly string[] {
  return r.rolledBackVersions.includes(version) ? r.rolledBackVersions : [...r.rolledBackVersions, version];
}

export function pause(r: RolloutRecord, cause: Who): RolloutRecord {
  return transition(r, 'Paused', { type: 'paused', ...cause }, { pausedAt: cause.at });
}

/** Back to Progressing; the current step's bake resumes where it stopped. */
export function resume(r: RolloutRecord, cause: Who): RolloutRecord {
  const pausedFor = cause.at - (r.pausedAt ?? cause.at);
  return transition(
    r,
    'Progressing',
    { type: 'resumed', ...cause },
    {
      pausedAt: undefined,
      stepSince: (r.stepSince ?? cause.at) + pausedFor,
    },
  );
}

/** A shadow step takes no traffic: say what it mirrors instead. */
function stepText(plan: StepPlan, step: number, weight: number): string {
  const mirror = plan.steps[step]?.mirror;
  return mirror ? `${weight}%, ${mirror}% of stable's requests mirrored` : `${weight}%`;
}
