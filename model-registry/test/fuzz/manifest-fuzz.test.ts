import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { loadManifest } from '../../src/domain/manifest/load-manifest.ts';
import { applyMutation } from './manifest-arbitraries.ts';
import {
  checkIssues,
  checkLoadResult,
  type FuzzStats,
  fuzzSeed,
  manifestFuzzProperty,
} from './manifest-fuzz-property.ts';
import { VALID_MANIFEST } from './valid-manifest.ts';

describe('models.yaml fuzzing (quick)', () => {
  test('the seed document is valid, so mutations start from a real manifest', () => {
    const result = loadManifest(VALID_MANIFEST);

    expect(result.ok && result.manifest.models.map((m) => m.release.strategy)).toEqual([
      'canary',
      'ab',
      'linear',
      'all-at-once',
    ]);
  });

  test('300 fuzzed documents give a manifest or positioned issues, never a crash', () => {
    const stats: FuzzStats = { valid: 0, invalid: 0 };

    fc.assert(manifestFuzzProperty(stats), { numRuns: 300, seed: fuzzSeed() });

    // Both branches must be exercised, or the property checks less than it claims.
    expect(stats.valid).toBeGreaterThan(0);
    expect(stats.invalid).toBeGreaterThan(0);
  });

  test.each([
    { name: 'a truncated document', mutate: (t: string) => applyMutation(t, { kind: 'truncate', at: 200 }) },
    { name: 'a tab in indentation', mutate: (t: string) => applyMutation(t, { kind: 'insert', at: 30, text: '\t' }) },
    { name: 'a deleted required key', mutate: (t: string) => applyMutation(t, { kind: 'delete', pick: 1 }) },
    { name: 'an unresolved alias', mutate: (t: string) => `${t}\nextra: *nowhere\n` },
  ])('$name is reported with a position inside the document', ({ mutate }) => {
    const source = mutate(VALID_MANIFEST);

    expect(checkLoadResult(source)).toBe('invalid');
  });

  test.each([
    { issue: { line: 0, column: 1, message: 'm' }, want: /line outside/ },
    { issue: { line: 3, column: 1, message: 'm' }, want: /line outside/ },
    { issue: { line: 2, column: 0, message: 'm' }, want: /column outside/ },
    { issue: { line: 2, column: 6, message: 'm' }, want: /column outside/ },
    { issue: { line: 1, column: 1, message: ' ' }, want: /empty message/ },
  ])('the checker refuses an issue at $issue.line:$issue.column ($want)', ({ issue, want }) => {
    const source = 'a: 1\nb: [';

    expect(() => checkIssues(source, [{ file: 'fuzz/models.yaml', path: '', ...issue }])).toThrow(want);
    expect(() => checkIssues(source, [])).toThrow(/without any issue/);
    expect(() =>
      checkIssues(source, [{ file: 'fuzz/models.yaml', path: '', line: 2, column: 5, message: 'ok' }]),
    ).not.toThrow();
  });
});
