import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { checkLoadResult, type FuzzStats, fuzzSeed, manifestFuzzProperty } from './manifest-fuzz-property.ts';
import { VALID_MANIFEST } from './valid-manifest.ts';

describe('models.yaml fuzzing (reliability)', () => {
  test('10,000 fuzzed documents give a manifest or positioned issues, never a crash', () => {
    const stats: FuzzStats = { valid: 0, invalid: 0 };

    fc.assert(manifestFuzzProperty(stats), { numRuns: 10_000, seed: fuzzSeed() });

    expect(stats.valid + stats.invalid).toBeGreaterThanOrEqual(10_000);
    expect(stats.valid).toBeGreaterThan(0);
  }, 180_000);

  // Inputs the fuzzer found; kept so they stay fixed whatever the seed.
  test.each([
    { name: 'a key named __proto__', source: '__proto__: 0\n' },
    { name: 'a key named constructor', source: `${VALID_MANIFEST}constructor: 1\n` },
    { name: 'a stray flow end before a document marker', source: 'a: 1\n}---\n  - name: x\n    version: 1\n' },
  ])('$name is reported inside the document, not thrown', ({ source }) => {
    expect(checkLoadResult(source)).toBe('invalid');
  });
});
