import { describe, expect, it } from 'vitest';
import { loadManifest } from '../src/domain/manifest/load-manifest.ts';
import type { Manifest } from '../src/domain/manifest/types.ts';
import { type DeployedModel, planRelease } from '../src/domain/plan.ts';
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
});
