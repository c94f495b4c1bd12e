import { describe, expect, it } from 'vitest';
import { loadManifest } from '../src/domain/manifest/load-manifest.ts';
import type { Manifest } from '../src/domain/manifest/types.ts';
import { type DeployedModel, describeSteps, planRelease } from '../src/domain/plan.ts';
import { VALID } from './manifest/fixtures.ts';

function manifest(): Manifest {
  const result = loadManifest(VALID);
  if (!result.ok) throw new Error('fixture must be valid');
  return result.manifest;
}

describe('planRelease', () => {
  it.each<[string, DeployedModel[], unknown]>([
    ['a model never deployed is new', [], { kind: 'new', model: 'fraud-detector', version: '1.3.0' }],
    [
      'same stable version is unchanged',
      [{ name: 'fraud-detector', stableVersion: '1.3.0' }],
      { kind: 'unchanged', model: 'fraud-detector', version: '1.3.0' },
    ],
    [
      'a new version is a release with its strategy and steps',
      [{ name: 'fraud-detector', stableVersion: '1.2.0' }],
      {
        kind: 'release',
        model: 'fraud-detector',
        from: '1.2.0',
        to: '1.3.0',
        strategy: 'canary',
        steps: '10% for 5m, then 50% for 5m',
      },
    ],
    [
      'a candidate already rolling out is in progress',
      [{ name: 'fraud-detector', stableVersion: '1.2.0', candidateVersion: '1.3.0' }],
      { kind: 'in-progress', model: 'fraud-detector', from: '1.2.0', to: '1.3.0' },
    ],
    [
      'a release replacing another candidate says so',
      [{ name: 'fraud-detector', stableVersion: '1.1.0', candidateVersion: '1.2.0' }],
      { kind: 'release', from: '1.1.0', to: '1.3.0', supersedes: '1.2.0' },
    ],
    [
      'a rolled-back version is held',
      [{ name: 'fraud-detector', stableVersion: '1.2.0', rolledBackVersions: ['1.3.0'] }],
      { kind: 'held', model: 'fraud-detector', version: '1.3.0' },
    ],
  ])('%s', (_name, deployed, expected) => {
    const plan = planRelease(manifest(), deployed);

    expect(plan.actions.find((a) => a.model === 'fraud-detector')).toMatchObject(expected as object);
  });

  it('retires models no longer in models.yaml and counts every kind', () => {
    const plan = planRelease(manifest(), [
      { name: 'churn-scorer', stableVersion: '1.0.0' },
      { name: 'old-model', stableVersion: '0.9.0' },
    ]);

    expect(plan.actions).toContainEqual({ kind: 'retire', model: 'old-model', version: '0.9.0' });
    expect(plan.actions).toContainEqual(
      expect.objectContaining({
        kind: 'release',
        model: 'churn-scorer',
        steps: '50/50 split on header x-user-id for 1d',
      }),
    );
    expect(plan.summary).toEqual({
      new: 1,
      release: 1,
      refused: 0,
      'in-progress': 0,
      held: 0,
      retire: 1,
      unchanged: 0,
    });
  });

  it('says a new model starts all at once, and names the whole held reason', () => {
    const actions = planRelease(manifest(), [
      { name: 'churn-scorer', stableVersion: '1.0.0', rolledBackVersions: ['0.5.0', '2.0.0'] },
    ]).actions;

    expect(actions).toEqual([
      { kind: 'new', model: 'fraud-detector', version: '1.3.0', strategy: 'all-at-once' },
      {
        kind: 'held',
        model: 'churn-scorer',
        version: '2.0.0',
        reason: 'rolled back or aborted; name another version in models.yaml, or run mlrelease retry',
      },
    ]);
  });

  it('shows a first version still rolling out as in progress from nothing', () => {
    const plan = planRelease(manifest(), [{ name: 'fraud-detector', candidateVersion: '1.3.0' }]);

    expect(plan.actions[0]).toEqual({ kind: 'in-progress', model: 'fraud-detector', from: '-', to: '1.3.0' });
    expect(plan.summary['in-progress']).toBe(1);
  });

  it('starts a first version anew when another first version was in flight', () => {
    const plan = planRelease(manifest(), [{ name: 'fraud-detector', candidateVersion: '1.2.0' }]);

    expect(plan.actions[0]).toEqual({
      kind: 'new',
      model: 'fraud-detector',
      version: '1.3.0',
      strategy: 'all-at-once',
    });
  });

  it('releases without a supersedes or breaking field when there is nothing to say', () => {
    const action = planRelease(manifest(), [{ name: 'fraud-detector', stableVersion: '1.2.0' }]).actions[0];

    expect(action).toEqual({
      kind: 'release',
      model: 'fraud-detector',
      from: '1.2.0',
      to: '1.3.0',
      strategy: 'canary',
      steps: '10% for 5m, then 50% for 5m',
    });
  });

  it('retires a model only models.yaml dropped, by its stable or else its candidate version, and counts each kind', () => {
    const plan = planRelease(manifest(), [
      { name: 'fraud-detector', stableVersion: '1.3.0' },
      { name: 'churn-scorer', stableVersion: '2.0.0' },
      { name: 'first-only', candidateVersion: '0.1.0' },
      { name: 'both', stableVersion: '1.0.0', candidateVersion: '1.1.0' },
      { name: 'nothing-left' },
    ]);

    expect(plan.actions.filter((a) => a.kind === 'retire')).toEqual([
      { kind: 'retire', model: 'first-only', version: '0.1.0' },
      { kind: 'retire', model: 'both', version: '1.0.0' },
    ]);
    expect(plan.summary).toEqual({
      new: 0,
      release: 0,
      refused: 0,
      'in-progress': 0,
      held: 0,
      retire: 2,
      unchanged: 2,
    });
  });
});

describe('describeSteps', () => {
  const gates = { maxErrorRate: 0.01, maxP99LatencyMs: 100, minRequests: 10, alarms: [] };

  it('says in words what each strategy does', () => {
    expect(
      describeSteps({
        strategy: 'canary',
        steps: [
          { weight: 10, bakeMs: 90_000 },
          { weight: 100, bakeMs: 3_600_000 },
        ],
        gates,
      }),
    ).toBe('10% for 90s, then 100% for 1h');
    expect(describeSteps({ strategy: 'linear', increment: 20, intervalMs: 600_000, gates })).toBe('+20% every 10m');
    expect(
      describeSteps({
        strategy: 'ab',
        split: 30,
        sticky: { source: 'field', name: 'userId' },
        durationMs: 86_400_000,
        gates,
      }),
    ).toBe('30/70 split on field userId for 1d');
    expect(describeSteps({ strategy: 'all-at-once', gates })).toBe('100% at once');
  });

  it('says what a shadow mirrors, for how long, and the strategy it hands over to', () => {
    expect(describeSteps({ strategy: 'shadow', sample: 25, durationMs: 1_800_000, gates })).toBe(
      '25% mirrored for 30m',
    );
    expect(
      describeSteps({
        strategy: 'shadow',
        sample: 100,
        durationMs: 600_000,
        gates,
        followedBy: { strategy: 'canary', steps: [{ weight: 50, bakeMs: 300_000 }] },
      }),
    ).toBe('100% mirrored for 10m, then 50% for 5m');
  });
});
