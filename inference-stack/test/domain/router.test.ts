import { describe, expect, it } from 'vitest';
import type { ModelRoute } from '../../../release-tools/src/domain/route-table.ts';
import { invokeOptions, mirrorOf, route } from '../../src/domain/router.ts';
import { seededRandom } from '../support/seeded-random.ts';

const stable = { version: '1.0.0', targetModel: 'fraud/1.0.0-aaaaaaaaaaaa/model.onnx' };
const candidate = { version: '1.1.0', targetModel: 'fraud/1.1.0-bbbbbbbbbbbb/model.onnx' };
const weighted = (candidateWeight: number, withCandidate = true): ModelRoute => ({
  model: 'fraud',
  stable,
  ...(withCandidate ? { candidate } : {}),
  candidateWeight,
  mode: 'weighted',
});
const sticky = (candidateWeight: number, source: 'header' | 'field' = 'header'): ModelRoute => ({
  ...weighted(candidateWeight),
  mode: 'sticky',
  sticky: { source, name: source === 'header' ? 'X-User-Id' : 'userId' },
});

/** Binomial bound: |observed - n·p| within z standard deviations. */
function withinBinomial(observed: number, n: number, p: number, z = 4.5): boolean {
  return Math.abs(observed - n * p) <= z * Math.sqrt(n * p * (1 - p));
}

describe('route', () => {
  it.each([
    { name: 'no candidate sends everything to stable', r: weighted(50, false), draw: 0, track: 'stable' },
    { name: 'weight 0 keeps stable', r: weighted(0), draw: 0, track: 'stable' },
    { name: 'weight 100 sends to candidate', r: weighted(100), draw: 0.999, track: 'candidate' },
    { name: 'draw below the weight goes to candidate', r: weighted(10), draw: 0.0999, track: 'candidate' },
    { name: 'draw at the weight goes to stable', r: weighted(10), draw: 0.1, track: 'stable' },
    { name: 'weight above 100 is clamped', r: weighted(150), draw: 0.999, track: 'candidate' },
    { name: 'negative weight is clamped to 0', r: weighted(-5), draw: 0, track: 'stable' },
    { name: 'NaN weight counts as 0', r: weighted(Number.NaN), draw: 0, track: 'stable' },
  ])('$name', ({ r, draw, track }) => {
    // Act
    const decision = route(r, {}, () => draw);
    // Assess
    expect(decision.track).toBe(track);
    expect(decision).toEqual(track === 'stable' ? { track, ...stable } : { track, ...candidate });
  });

  it.each([
    { name: 'no candidate', r: weighted(50, false), track: 'stable' },
    { name: 'weight 0', r: weighted(0), track: 'stable' },
    { name: 'a NaN weight', r: weighted(Number.NaN), track: 'stable' },
    { name: 'weight 100', r: weighted(100), track: 'candidate' },
    { name: 'a weight above 100', r: weighted(250), track: 'candidate' },
    { name: 'sticky at weight 100', r: sticky(100), track: 'candidate' },
  ])('spends no random draw when the side is certain: $name', ({ r, track }) => {
    // Prepare: the worker's draws are seeded; a certain route must not consume one.
    let draws = 0;
    const random = () => {
      draws++;
      return 0.5;
    };
    // Act
    const decision = route(r, { headers: { 'x-user-id': 'user-1' } }, random);
    // Assess
    expect(decision.track).toBe(track);
    expect(draws).toBe(0);
  });

  it('draws at random in weighted mode even when the route still names a sticky key', () => {
    // Prepare: a weighted (canary) route that kept an A/B sticky key from an earlier release.
    const r: ModelRoute = { ...weighted(50), sticky: { source: 'header', name: 'X-User-Id' } };
    const request = { headers: { 'x-user-id': 'user-123' } };
    // Act
    const low = route(r, request, () => 0.1).track;
    const high = route(r, request, () => 0.9).track;
    // Assess: the draw decides, not the user.
    expect([low, high]).toEqual(['candidate', 'stable']);
  });

  it('sends sticky users both ways: the key decides, not a fixed side', () => {
    // Act
    const tracks = new Set(
      Array.from({ length: 50 }, (_, i) => route(sticky(50), { headers: { 'x-user-id': `user-${i}` } }, () => 0).track),
    );
    // Assess
    expect([...tracks].sort()).toEqual(['candidate', 'stable']);
  });

  it('sends about the candidate weight of weighted traffic to the candidate', () => {
    // Prepare
    const random = seededRandom(42);
    const n = 20_000;
    // Act
    let toCandidate = 0;
    for (let i = 0; i < n; i++) if (route(weighted(10), {}, random).track === 'candidate') toCandidate++;
    // Assess
    expect(withinBinomial(toCandidate, n, 0.1)).toBe(true);
  });

  it('keeps a sticky user on the same side whatever the random draw', () => {
    // Prepare
    const random = seededRandom(7);
    const request = { headers: { 'x-user-id': 'user-123' } };
    // Act
    const tracks = new Set(Array.from({ length: 200 }, () => route(sticky(50), request, random).track));
    // Assess
    expect(tracks.size).toBe(1);
  });

  it('splits distinct sticky users in proportion to the weight', () => {
    // Prepare
    const users = 10_000;
    // Act
    let toCandidate = 0;
    for (let i = 0; i < users; i++)
      if (route(sticky(30), { headers: { 'x-user-id': `user-${i}` } }, () => 0.99).track === 'candidate') toCandidate++;
    // Assess
    expect(withinBinomial(toCandidate, users, 0.3)).toBe(true);
  });

  it('spreads sticky users evenly over buckets (chi-square, 10 buckets)', () => {
    // Prepare: bucket users by the smallest weight that sends them to the candidate.
    const counts = Array(10).fill(0) as number[];
    const users = 5_000;
    // Act
    for (let i = 0; i < users; i++) {
      const request = { fields: { userId: `u${i}@example.com` } };
      const bucket = [10, 20, 30, 40, 50, 60, 70, 80, 90, 100].findIndex(
        (w) => route(sticky(w, 'field'), request, () => 0).track === 'candidate',
      );
      counts[bucket]!++;
    }
    // Assess: 9 degrees of freedom, critical value 27.88 at p = 0.001.
    const expected = users / 10;
    const chiSquare = counts.reduce((sum, c) => sum + (c - expected) ** 2 / expected, 0);
    expect(chiSquare).toBeLessThan(27.88);
  });

  it('raising the weight only moves users from stable to candidate, never back', () => {
    // Act
    const moved = Array.from({ length: 2_000 }, (_, i) => {
      const request = { headers: { 'x-user-id': `user-${i}` } };
      return [route(sticky(20), request, () => 0).track, route(sticky(50), request, () => 0).track];
    });
    // Assess
    expect(moved.filter(([at20, at50]) => at20 === 'candidate' && at50 === 'stable')).toHaveLength(0);
  });

  it.each([
    { name: 'a missing header', request: {} },
    { name: 'an empty header', request: { headers: { 'x-user-id': '' } } },
    { name: 'a non-scalar field', request: { fields: { userId: { nested: true } } }, source: 'field' as const },
    { name: 'a request without fields', request: {}, source: 'field' as const },
    { name: 'an empty field', request: { fields: { userId: '' } }, source: 'field' as const },
    { name: 'a NaN field', request: { fields: { userId: Number.NaN } }, source: 'field' as const },
    { name: 'an infinite field', request: { fields: { userId: Number.POSITIVE_INFINITY } }, source: 'field' as const },
    { name: 'a boolean field', request: { fields: { userId: true } }, source: 'field' as const },
  ])('falls back to the weighted draw on $name', ({ request, source }) => {
    // Prepare
    let draws = 0;
    const random = () => {
      draws++;
      return 0.01;
    };
    // Act
    const decision = route(sticky(30, source ?? 'header'), request, random);
    // Assess
    expect(draws).toBe(1);
    expect(decision.track).toBe('candidate');
  });

  it('reads a numeric sticky field as its decimal text', () => {
    // Act
    const a = route(sticky(50, 'field'), { fields: { userId: 12345 } }, () => 0);
    const b = route(sticky(50, 'field'), { fields: { userId: '12345' } }, () => 0.99);
    // Assess
    expect(a.track).toBe(b.track);
  });
});

describe('mirrorOf: the candidate a request stable answered is mirrored to (shadow)', () => {
  const shadow = (mirror: number | undefined, withCandidate = true): ModelRoute => ({
    ...weighted(0, withCandidate),
    ...(mirror === undefined ? {} : { mirror }),
  });
  const onStable = { track: 'stable' as const, ...stable };

  it.each([
    { name: 'a draw below the mirror share mirrors', r: shadow(10), draw: 0.0999, mirrored: true },
    { name: 'a draw at the mirror share does not', r: shadow(10), draw: 0.1, mirrored: false },
    { name: 'a share above 100 is clamped (every request)', r: shadow(150), draw: 0.999, mirrored: true },
    { name: 'a share of 100 mirrors every request', r: shadow(100), draw: 0.999, mirrored: true },
    { name: 'a NaN share mirrors nothing', r: shadow(Number.NaN), draw: 0, mirrored: false },
    { name: 'a negative share mirrors nothing', r: shadow(-5), draw: 0, mirrored: false },
  ])('$name', ({ r, draw, mirrored }) => {
    expect(mirrorOf(r, onStable, () => draw)).toEqual(mirrored ? { track: 'candidate', ...candidate } : undefined);
  });

  it.each([
    { name: 'no mirror set', r: shadow(undefined), decision: onStable },
    { name: 'a mirror of 0', r: shadow(0), decision: onStable },
    { name: 'no candidate', r: shadow(100, false), decision: onStable },
    {
      name: 'a request the candidate answered',
      r: shadow(100),
      decision: { track: 'candidate' as const, ...candidate },
    },
  ])('mirrors nothing and spends no draw with $name', ({ r, decision }) => {
    let draws = 0;

    expect(
      mirrorOf(r, decision, () => {
        draws++;
        return 0;
      }),
    ).toBeUndefined();
    expect(draws).toBe(0);
  });

  it('spends one draw per request while a mirror is set', () => {
    let draws = 0;
    mirrorOf(shadow(50), onStable, () => {
      draws++;
      return 0.9;
    });

    expect(draws).toBe(1);
  });
});

describe('invokeOptions', () => {
  it('names the production variant of a single-model version, and nothing otherwise', () => {
    expect(invokeOptions({ track: 'candidate', ...candidate, targetVariant: 'fraud-1-1-0' })).toEqual({
      targetVariant: 'fraud-1-1-0',
    });
    expect(invokeOptions({ track: 'stable', ...stable })).toEqual({});
    expect(invokeOptions({ track: 'stable', ...stable, targetVariant: '' })).toEqual({});
  });
});
