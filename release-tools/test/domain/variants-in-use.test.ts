// Which production variants the controller must keep: the rest are left over and get deleted, so a
// variant missing here takes a serving version down, and one too many leaks an instance.
import { describe, expect, it } from 'vitest';
import type { Phase, RolloutRecord } from '../../src/domain/rollout/record.ts';
import { variantsInUse } from '../../src/domain/rollout/variants-in-use.ts';

/** Only the fields variantsInUse reads; a record of `phase` with these versions. */
function record(phase: Phase, versions: { stable?: string; candidate?: string; release?: string } = {}): RolloutRecord {
  const v = (variant: string | undefined, version: string) => ({
    version,
    targetModel: `m/${version}`,
    ...(variant === undefined ? {} : { targetVariant: variant }),
  });
  return {
    model: 'm',
    phase,
    ...(versions.stable === undefined ? {} : { stable: v(versions.stable, '1.0.0') }),
    ...(versions.candidate === undefined ? {} : { candidate: v(versions.candidate, '1.1.0') }),
    release: v(versions.release, '1.1.0'),
  } as unknown as RolloutRecord;
}

describe('variantsInUse', () => {
  it('keeps nothing for no records', () => {
    expect(variantsInUse([])).toEqual(new Set());
  });

  it('keeps the stable and the candidate variant of a rollout in progress', () => {
    expect(variantsInUse([record('Progressing', { stable: 'v-stable', candidate: 'v-cand' })])).toEqual(
      new Set(['v-stable', 'v-cand']),
    );
  });

  it('keeps the variant of a release being warmed (Registered), before it is a candidate', () => {
    expect(variantsInUse([record('Registered', { stable: 'v-stable', release: 'v-new' })])).toEqual(
      new Set(['v-stable', 'v-new']),
    );
  });

  it.each<Phase>(['Pending', 'Compiling', 'Progressing', 'Paused', 'Promoted', 'RolledBack', 'Aborted'])(
    'does not keep the release variant of a %s record that no stable or candidate uses',
    (phase) => {
      expect(variantsInUse([record(phase, { stable: 'v-stable', release: 'v-old' })])).toEqual(new Set(['v-stable']));
    },
  );

  it('keeps nothing of a retired model, not even its stable variant', () => {
    expect(variantsInUse([record('Retired', { stable: 'v-stable', candidate: 'v-cand', release: 'v-cand' })])).toEqual(
      new Set(),
    );
  });

  it('keeps no name for versions served by the multi-model endpoint (no variant)', () => {
    expect(variantsInUse([record('Registered', { stable: undefined, release: undefined })])).toEqual(new Set());
    const mme = { ...record('Progressing'), stable: { version: '1.0.0', targetModel: 'm/1.0.0' } } as RolloutRecord;
    expect(variantsInUse([mme])).toEqual(new Set());
  });

  it('keeps the variants of every model, going on after a retired one', () => {
    expect(
      variantsInUse([
        record('Promoted', { stable: 'a' }),
        record('Retired', { stable: 'b' }),
        record('Registered', { stable: 'c', release: 'd' }),
        record('Paused', { stable: 'e', candidate: 'f' }),
      ]),
    ).toEqual(new Set(['a', 'c', 'd', 'e', 'f']));
  });
});
