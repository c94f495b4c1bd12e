import { describe, expect, it } from 'vitest';
import { formatIssue } from '../../src/domain/manifest/issues.ts';
import { loadManifest } from '../../src/domain/manifest/load-manifest.ts';
import { mutate } from './fixtures.ts';

const AB_BLOCK = `    release:
      strategy: ab
      split: 50
      sticky: header:x-user-id
      duration: 24h
      judge: { metric: latency, test: mann-whitney, alpha: 0.05 }
`;

const withRelease = (block: string) => mutate(AB_BLOCK, block);
const errorsOf = (text: string) => {
  const result = loadManifest(text);
  return result.ok ? [] : result.issues.map(formatIssue);
};

describe('models.yaml: shadow releases', () => {
  it('reads a shadow with its divergence gate', () => {
    const result = loadManifest(
      withRelease(`    release:
      strategy: shadow
      sample: 10%
      duration: 30m
      gates: { maxDivergence: { metric: abs-diff-p99, threshold: 0.05, alpha: 0.01 } }
`),
    );

    expect(result.ok && result.manifest.models[1]?.release).toEqual({
      strategy: 'shadow',
      sample: 10,
      durationMs: 1_800_000,
      gates: {
        maxErrorRate: 0.01,
        maxP99LatencyMs: 200,
        minRequests: 100,
        alarms: [],
        maxDivergence: { metric: 'abs-diff-p99', threshold: 0.05, alpha: 0.01 },
      },
    });
  });

  it('reads then: canary with the steps of the defaults, and a disagreement rate as a percentage', () => {
    const result = loadManifest(
      withRelease(`    release:
      strategy: shadow
      sample: 25
      duration: 1h
      then: canary
      gates: { maxDivergence: { metric: disagreement, threshold: 2% } }
`),
    );

    expect(result.ok && result.manifest.models[1]?.release).toMatchObject({
      strategy: 'shadow',
      sample: 25,
      followedBy: {
        strategy: 'canary',
        steps: [
          { weight: 10, bakeMs: 300_000 },
          { weight: 50, bakeMs: 300_000 },
        ],
      },
      gates: { maxDivergence: { metric: 'disagreement', threshold: 0.02, alpha: 0.05 } },
    });
  });

  it.each([
    [
      'a shadow without a sample',
      '    release:\n      strategy: shadow\n      duration: 30m\n',
      'models.yaml:26:7: models[1].release.sample: is required for strategy shadow',
    ],
    [
      'a sample above 100%',
      '    release:\n      strategy: shadow\n      sample: 150%\n      duration: 30m\n',
      'models.yaml:27:15: models[1].release.sample: expected a percentage from 1% to 100%, got "150%"',
    ],
    [
      'then: something other than canary',
      '    release:\n      strategy: shadow\n      sample: 10%\n      duration: 30m\n      then: linear\n',
      'models.yaml:29:13: models[1].release.then: expected one of canary, got "linear"',
    ],
    [
      'steps on a shadow that no canary follows',
      '    release:\n      strategy: shadow\n      sample: 10%\n      duration: 30m\n      steps: [{ weight: 10, bake: 1m }]\n',
      'models.yaml:29:14: models[1].release.steps: applies to a shadow only with then: canary',
    ],
    [
      'an abs-diff threshold written as a percentage',
      '    release:\n      strategy: shadow\n      sample: 10%\n      duration: 30m\n      gates: { maxDivergence: { metric: abs-diff-p99, threshold: 5% } }\n',
      'models.yaml:29:66: models[1].release.gates.maxDivergence.threshold: is an output difference for abs-diff-p99 (a number like 0.05), not a percentage',
    ],
    [
      'a disagreement rate of 100%',
      '    release:\n      strategy: shadow\n      sample: 10%\n      duration: 30m\n      gates: { maxDivergence: { metric: disagreement, threshold: 100% } }\n',
      'models.yaml:29:66: models[1].release.gates.maxDivergence.threshold: is a disagreement rate for disagreement: above 0% and below 100%',
    ],
    [
      'an unknown divergence metric',
      '    release:\n      strategy: shadow\n      sample: 10%\n      duration: 30m\n      gates: { maxDivergence: { metric: kl, threshold: 0.1 } }\n',
      'models.yaml:29:41: models[1].release.gates.maxDivergence.metric: expected one of abs-diff-p99 | disagreement, got "kl"',
    ],
    [
      'a divergence gate on a canary',
      '    release:\n      gates: { maxDivergence: { metric: abs-diff-p99, threshold: 0.1 } }\n',
      'models.yaml:26:31: models[1].release.gates.maxDivergence: applies to strategy shadow only, not canary (only a shadow mirrors requests to compare)',
    ],
  ])('reports %s, with its position', (_name, block, expected) => {
    expect(errorsOf(withRelease(block))).toContain(expected);
  });
});
