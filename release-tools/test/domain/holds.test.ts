import { describe, expect, it } from 'vitest';
import { heldVersions, isHeld, releaseHolds, retryHeld } from '../../src/domain/rollout/holds.ts';
import {
  abort,
  beginCompile,
  registered,
  rollBack,
  startRollout,
  startTraffic,
} from '../../src/domain/rollout/operations.ts';
import type { RolloutRecord } from '../../src/domain/rollout/record.ts';
import { canarySpec } from '../support/canary-spec.ts';

const spec = canarySpec;

/** 1.1.0 taking 10% of traffic next to stable 1.0.0. */
function inProgress(): RolloutRecord {
  const stable: RolloutRecord = {
    ...startRollout(undefined, spec('1.0.0'), 0, 'new'),
    phase: 'Promoted',
    stable: { version: '1.0.0', targetModel: 'm/1.0.0' },
    candidate: undefined,
  };
  const r = registered(beginCompile(startRollout(stable, spec('1.1.0'), 1, 'new version'), 2), 3, 'm/1.1.0', 'sha');
  return startTraffic(r, { steps: [{ weight: 10, bakeMs: 1_000 }] } as never, 4);
}

/** An abort as the code before explicit holds wrote it: no `held` on the event, nothing listed. */
function legacyAborted(why = 'user'): RolloutRecord {
  const r = abort(inProgress(), { at: 5, why });
  const { held: _held, ...event } = r.history.at(-1)!;
  return { ...r, rolledBackVersions: [], history: [...r.history.slice(0, -1), event] };
}

describe('held versions', () => {
  it.each([
    ['rolled back', () => rollBack(inProgress(), { at: 5, why: 'alarm' }), ['1.1.0']],
    ['aborted', () => abort(inProgress(), { at: 5, why: 'user' }), ['1.1.0']],
    [
      'aborted because models.yaml named stable again',
      () => abort(inProgress(), { at: 5, why: 'stable' }, { hold: false }),
      [],
    ],
    ['aborted by the code before explicit holds (read as held, as it behaved)', () => legacyAborted(), ['1.1.0']],
    [
      'aborted by that code because models.yaml named stable again (no hold: naming it again restarts it)',
      () => legacyAborted('models.yaml names stable 1.0.0 again'),
      [],
    ],
    ['in progress', inProgress, []],
  ])('%s', (_case, make, held) => {
    expect(heldVersions(make())).toEqual(held);
  });

  it('releasing a hold is recorded, and ends a legacy hold too', () => {
    const released = releaseHolds(legacyAborted(), ['1.1.0'], { at: 6, who: 'erin', why: 'fixed' });

    expect(isHeld(released, '1.1.0')).toBe(false);
    expect(released.history.at(-1)).toMatchObject({
      type: 'hold-released',
      who: 'erin',
      why: 'hold on 1.1.0 released: fixed',
      from: 'Aborted',
      to: 'Aborted',
    });
  });

  it('retry of a version that is not held is ignored and says why', () => {
    const r = rollBack(inProgress(), { at: 5, why: 'alarm' });

    const next = retryHeld(r, spec('1.2.0'), { seq: 1, type: 'retry', at: 6, who: 'erin' });

    expect(next.phase).toBe('RolledBack');
    expect(next.intentSeq).toBe(1);
    expect(next.history.at(-1)).toMatchObject({ type: 'intent-ignored', who: 'erin' });
  });
});
