// Held versions: a version whose rollout was rolled back or aborted is not rolled out again while
// models.yaml keeps naming it. The hold ends when models.yaml names another version (naming it
// again later retries it) or when a user asks (`mlrelease retry`); both are in the history.

import type { ModelSpec } from '../../../../model-registry/src/domain/manifest/types.ts';
import type { Intent } from '../intents.ts';
import { startRollout } from './operations.ts';
import type { RolloutRecord } from './record.ts';
import { note } from './transition.ts';

const STOP_OR_RELEASE = new Set(['rolled-back', 'aborted', 'hold-released']);

/** Every version the record holds. */
export function heldVersions(r: RolloutRecord): readonly string[] {
  return legacyHold(r) && !r.rolledBackVersions.includes(r.release.version)
    ? [...r.rolledBackVersions, r.release.version]
    : r.rolledBackVersions;
}

export function isHeld(r: RolloutRecord, version: string): boolean {
  return heldVersions(r).includes(version);
}

/** The rollout ended without reaching stable, so naming its version again is a retry. */
export function isStopped(r: RolloutRecord): boolean {
  return r.phase === 'RolledBack' || r.phase === 'Aborted';
}

/**
 * Before holds were explicit, an abort held its version without listing it. Such a record is
 * recognised by its last stop event carrying no `held` and no release after it. An abort because
 * models.yaml named stable again held nothing meant (the version was left, not refused): it is no
 * hold, or naming the version again would leave the model Aborted while plan says "release".
 */
function legacyHold(r: RolloutRecord): boolean {
  if (r.phase !== 'Aborted') return false;
  const last = r.history.findLast((e) => STOP_OR_RELEASE.has(e.type));
  return last?.type === 'aborted' && last.held === undefined && !LEFT_FOR_STABLE.test(last.why);
}

/** The why the controller has always written when models.yaml went back to the stable version. */
const LEFT_FOR_STABLE = /^models\.yaml names stable \S+ again$/;

/** Ends the holds on `versions`, saying who and why. */
export function releaseHolds(
  r: RolloutRecord,
  versions: readonly string[],
  cause: { at: number; who?: string; why: string },
): RolloutRecord {
  return note(
    r,
    { type: 'hold-released', ...cause, why: `hold on ${versions.join(', ')} released: ${cause.why}` },
    { rolledBackVersions: r.rolledBackVersions.filter((v) => !versions.includes(v)) },
  );
}

/** `mlrelease retry`: release the hold on the version models.yaml names and roll it out again. */
export function retryHeld(r: RolloutRecord, spec: ModelSpec, intent: Intent): RolloutRecord {
  const consumed = { ...r, intentSeq: intent.seq };
  const cause = { at: intent.at, who: intent.who };
  if (!isHeld(r, spec.version))
    return note(consumed, {
      type: 'intent-ignored',
      ...cause,
      why: `retry ignored: ${spec.version} (the version models.yaml names) is not held`,
    });
  const released = releaseHolds(consumed, [spec.version], { ...cause, why: intent.reason ?? 'retry requested' });
  return startRollout(released, spec, intent.at, `retry of ${spec.version}, requested by ${intent.who}`);
}
