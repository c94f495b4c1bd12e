// resolveRelease on its own: it returns no policy whenever it reported a problem (the loader relies
// on that to keep a bad model out), and the policy when nothing was reported.

import { describe, expect, it } from 'vitest';
import { LineCounter, type Node, parseDocument } from 'yaml';
import { formatIssue } from '../../src/domain/manifest/issues.ts';
import { type Located, resolveRelease } from '../../src/domain/manifest/resolve-release.ts';
import { releaseFields } from '../../src/domain/manifest/schema.ts';
import { ReadContext } from '../../src/domain/manifest/yaml-reader.ts';

/** Resolves a model's release block (line 1) over defaults.release (line 2), both written as flow maps. */
function resolve(own: string | undefined, defaults?: string) {
  const lines = new LineCounter();
  const source = `own: ${own === undefined ? '~' : `{ ${own} }`}\ndefaults: ${defaults === undefined ? '~' : `{ ${defaults} }`}\n`;
  const doc = parseDocument(source, { lineCounter: lines });
  const ctx = new ReadContext('models.yaml', lines);
  const located = (key: string, path: (string | number)[]): Located | undefined => {
    const node = doc.get(key, true) as Node;
    if (own === undefined && key === 'own') return undefined;
    if (defaults === undefined && key === 'defaults') return undefined;
    const read = releaseFields(node, path, ctx);
    return read && { read, path };
  };
  const ownRead = located('own', ['models', 0, 'release']);
  const defaultsRead = located('defaults', ['defaults', 'release']);
  const policy = resolveRelease(defaultsRead, ownRead, doc.contents as Node, ['models', 0], ctx);
  return { policy, errors: ctx.issues.map(formatIssue) };
}

const STEPS = 'steps: [{ weight: 10, bake: 1m }, { weight: 100, bake: 1m }]';

describe('resolveRelease gives no policy after reporting', () => {
  it.each([
    ['a field of another strategy', 'strategy: all-at-once, split: 5', undefined],
    [
      'steps that do not increase',
      'strategy: canary, steps: [{ weight: 10, bake: 1m }, { weight: 10, bake: 1m }]',
      undefined,
    ],
    ['a missing increment', 'strategy: linear, interval: 1m', undefined],
    ['a missing interval', 'strategy: linear, increment: 5', undefined],
    ['a missing split', 'strategy: ab, sticky: header:x, duration: 1h', undefined],
    ['a missing sticky key', 'strategy: ab, split: 5, duration: 1h', undefined],
    ['a missing duration', 'strategy: ab, split: 5, sticky: header:x', undefined],
    ['a missing sample', 'strategy: shadow, duration: 1h', undefined],
    ['a shadow missing its duration', 'strategy: shadow, sample: 5', undefined],
    ['then: canary without steps', 'strategy: shadow, sample: 5, duration: 1h, then: canary', undefined],
    ['steps without then', `strategy: shadow, sample: 5, duration: 1h, ${STEPS}`, undefined],
    [
      'the canary steps of a shadow that do not increase',
      'strategy: shadow, sample: 5, duration: 1h, then: canary, steps: [{ weight: 50, bake: 1m }, { weight: 40, bake: 1m }]',
      undefined,
    ],
    [
      'a judge test for another metric',
      'strategy: all-at-once, judge: { metric: latency, test: two-proportion }',
      undefined,
    ],
    [
      'a divergence gate on a canary',
      `strategy: canary, ${STEPS}, gates: { maxDivergence: { metric: abs-diff-p99, threshold: 1 } }`,
      undefined,
    ],
    [
      'a disagreement rate of 1',
      'strategy: shadow, sample: 5, duration: 1h, gates: { maxDivergence: { metric: disagreement, threshold: 1 } }',
      undefined,
    ],
    [
      'a webhook listed twice',
      'strategy: all-at-once, gates: { webhooks: [{ url: https://a.example.com/ }, { url: https://a.example.com/ }] }',
      undefined,
    ],
    [
      'a bad default gate',
      'strategy: all-at-once',
      'gates: { webhooks: [{ url: https://a.example.com/ }, { url: https://a.example.com/ }] }',
    ],
    [
      'a linear release with a bad gate',
      'strategy: linear, increment: 5, interval: 1m, gates: { maxDivergence: { metric: disagreement, threshold: 1 } }',
      undefined,
    ],
    [
      'an ab release with a bad gate',
      'strategy: ab, split: 5, sticky: header:x, duration: 1h, gates: { maxDivergence: { metric: disagreement, threshold: 1 } }',
      undefined,
    ],
    ['a judge without its test', 'strategy: all-at-once, judge: { metric: latency }', undefined],
    [
      'steps in defaults that are not a list, the model naming the same strategy',
      'strategy: canary',
      'strategy: canary, steps: 5',
    ],
    [
      'a shadow missing its duration, which the ab defaults have',
      'strategy: shadow, sample: 5',
      'strategy: ab, split: 5, sticky: header:x, duration: 1h',
    ],
  ])('%s', (_name, own, defaults) => {
    const { policy, errors } = resolve(own, defaults);
    expect(errors).toHaveLength(1);
    expect(policy).toBeUndefined();
  });

  it('inherits a shadow from defaults without a release block of its own', () => {
    expect(resolve(undefined, 'strategy: shadow, sample: 5, duration: 1m').policy).toEqual({
      strategy: 'shadow',
      sample: 5,
      durationMs: 60_000,
      gates: { maxErrorRate: 0.01, maxP99LatencyMs: 500, minRequests: 50, alarms: [] },
    });
  });

  it('gives the policy when nothing was reported', () => {
    expect(resolve('strategy: all-at-once')).toEqual({
      policy: {
        strategy: 'all-at-once',
        gates: { maxErrorRate: 0.01, maxP99LatencyMs: 500, minRequests: 50, alarms: [] },
      },
      errors: [],
    });
  });
});
