// Holds with their records and history written out: which rollouts count as stopped, what releasing
// holds leaves held, and what a retry writes (who, when, why), so `mlrelease status` and the audit
// trail say what happened.
import { describe, expect, it } from 'vitest';
import { heldVersions, isHeld, isStopped, releaseHolds, retryHeld } from '../../src/domain/rollout/holds.ts';
import {
  abort,
  beginCompile,
  registered,
  rollBack,
  startRollout,
  startTraffic,
} from '../../src/domain/rollout/operations.ts';
import type { Phase, RolloutRecord } from '../../src/domain/rollout/record.ts';
import { canarySpec } from '../support/canary-spec.ts';

const spec = canarySpec;

/** `version` taking 10% of traffic next to stable 1.0.0, after `prev` if given. */
function inProgress(version = '1.1.0', prev?: RolloutRecord): RolloutRecord {
  const stable: RolloutRecord = prev ?? {
    ...startRollout(undefined, spec('1.0.0'), 0, 'new'),
    phase: 'Promoted',
    stable: { version: '1.0.0', targetModel: 'm/1.0.0' },
    candidate: undefined,
  };
  const r = registered(
    beginCompile(startRollout(stable, spec(version), 1, 'new version'), 2),
    3,
    `m/${version}`,
    'sha',
  );
  return startTraffic(r, { steps: [{ weight: 10, holdMs: 1_000 }], mode: 'weighted' }, 4);
}

/** An abort as the code before explicit holds wrote it: no `held` on the event, nothing listed. */
function legacyAborted(version = '1.1.0'): RolloutRecord {
  const r = abort(inProgress(version), { at: 5, why: 'user' });
  const { held: _held, ...event } = r.history.at(-1)!;
  return { ...r, rolledBackVersions: [], history: [...r.history.slice(0, -1), event] };
}

describe('isStopped: a rollout that ended without reaching stable', () => {
  it.each<[Phase, boolean]>([
    ['Pending', false],
    ['Compiling', false],
    ['Registered', false],
    ['Progressing', false],
    ['Paused', false],
    ['Promoted', false],
    ['RolledBack', true],
    ['Aborted', true],
    ['Retired', false],
  ])('%s: %s', (phase, stopped) => {
    expect(isStopped({ ...inProgress(), phase })).toBe(stopped);
  });
});

describe('legacy holds (aborts written before holds were explicit)', () => {
  it('end when models.yaml names another version: the new rollout holds nothing', () => {
    const next = startRollout(legacyAborted('1.1.0'), spec('1.2.0'), 10, 'new version');

    expect(next.phase).toBe('Pending');
    expect(heldVersions(next)).toEqual([]);
    expect(isHeld(next, '1.2.0')).toBe(false);
  });

  it('are not read into a rolled-back record whose history ends with a legacy abort', () => {
    // A rollout rolled back by hand-written history: the last stop event is the legacy abort.
    const r: RolloutRecord = { ...legacyAborted('1.1.0'), phase: 'RolledBack', rolledBackVersions: ['0.9.0'] };

    expect(heldVersions(r)).toEqual(['0.9.0']);
  });

  it('list the aborted version once, after the versions held explicitly', () => {
    expect(heldVersions({ ...legacyAborted('1.1.0'), rolledBackVersions: ['0.9.0'] })).toEqual(['0.9.0', '1.1.0']);
    expect(heldVersions({ ...legacyAborted('1.1.0'), rolledBackVersions: ['1.1.0'] })).toEqual(['1.1.0']);
  });

  it('are none for an aborted record whose history has no stop event (nothing says it held)', () => {
    const r: RolloutRecord = { ...legacyAborted('1.1.0'), history: [], rolledBackVersions: ['0.9.0'] };

    expect(heldVersions(r)).toEqual(['0.9.0']);
  });

  it('are ended by a later hold-released event', () => {
    const r = legacyAborted('1.1.0');
    const released: RolloutRecord = {
      ...r,
      history: [
        ...r.history,
        {
          at: 6,
          rolloutId: r.rolloutId,
          type: 'hold-released',
          version: '1.1.0',
          to: 'Aborted',
          who: 'erin',
          why: 'x',
        },
      ],
    };

    expect(heldVersions(released)).toEqual([]);
  });
});

describe('releaseHolds', () => {
  const twoHeld = (): RolloutRecord => ({
    ...rollBack(inProgress(), { at: 5, why: 'alarm' }),
    rolledBackVersions: ['0.9.0', '1.1.0', '1.0.5'],
  });

  it('ends the holds on the versions named, keeps the others, and says which', () => {
    const released = releaseHolds(twoHeld(), ['1.1.0', '0.9.0'], { at: 7, who: 'erin', why: 'fixed upstream' });

    expect(released.rolledBackVersions).toEqual(['1.0.5']);
    expect(released.history.at(-1)).toEqual({
      at: 7,
      rolloutId: 2,
      type: 'hold-released',
      version: '1.1.0',
      from: 'RolledBack',
      to: 'RolledBack',
      who: 'erin',
      why: 'hold on 1.1.0, 0.9.0 released: fixed upstream',
    });
  });
});

describe('retryHeld (mlrelease retry)', () => {
  const held = () => rollBack(inProgress(), { at: 5, why: 'alarm' });
  const retry = (reason?: string) => ({
    seq: 3,
    type: 'retry' as const,
    at: 6,
    who: 'erin',
    ...(reason === undefined ? {} : { reason }),
  });

  it('releases the hold with the user’s reason, then starts the version again', () => {
    const next = retryHeld(held(), spec('1.1.0'), retry('flaky alarm'));

    expect(next.phase).toBe('Pending');
    expect(next.rolloutId).toBe(3);
    expect(next.intentSeq).toBe(3);
    expect(next.rolledBackVersions).toEqual([]);
    expect(isHeld(next, '1.1.0')).toBe(false);
    expect(next.history.slice(-2)).toEqual([
      {
        at: 6,
        rolloutId: 2,
        type: 'hold-released',
        version: '1.1.0',
        from: 'RolledBack',
        to: 'RolledBack',
        who: 'erin',
        why: 'hold on 1.1.0 released: flaky alarm',
      },
      {
        at: 6,
        rolloutId: 3,
        type: 'started',
        version: '1.1.0',
        to: 'Pending',
        who: 'controller',
        why: 'retry of 1.1.0, requested by erin',
      },
    ]);
  });

  it('says “retry requested” when the user gave no reason', () => {
    const next = retryHeld(held(), spec('1.1.0'), retry());

    expect(next.history.at(-2)?.why).toBe('hold on 1.1.0 released: retry requested');
  });

  it('ignores a retry of a version that is not held, saying which and why', () => {
    const next = retryHeld(held(), spec('1.2.0'), retry('please'));

    expect(next.phase).toBe('RolledBack');
    expect(next.rolledBackVersions).toEqual(['1.1.0']);
    expect(next.history.at(-1)).toEqual({
      at: 6,
      rolloutId: 2,
      type: 'intent-ignored',
      version: '1.1.0',
      from: 'RolledBack',
      to: 'RolledBack',
      who: 'erin',
      why: 'retry ignored: 1.2.0 (the version models.yaml names) is not held',
    });
  });
});
