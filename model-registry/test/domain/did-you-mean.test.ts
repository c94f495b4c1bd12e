// "did you mean" for misspelled keys and enum values: Levenshtein distance, case-insensitive, and a
// typo allowance of max(2, floor(length / 3)) edits. Distances are the textbook ones.
import { describe, expect, it } from 'vitest';
import { closestMatch, editDistance } from '../../src/domain/manifest/did-you-mean.ts';

describe('editDistance', () => {
  it.each([
    ['kitten', 'sitting', 3],
    ['sunday', 'saturday', 3],
    ['flaw', 'lawn', 2],
    ['ab', 'ba', 2],
    ['', 'abc', 3],
    ['abc', '', 3],
    ['', '', 0],
    ['canary', 'canary', 0],
    ['Canary', 'cANARY', 0],
    ['canry', 'canary', 1],
    ['x', 'y', 1],
  ])('%j -> %j is %i', (a, b, distance) => {
    expect(editDistance(a, b)).toBe(distance);
  });
});

describe('closestMatch', () => {
  it('suggests the candidate one edit away', () => {
    expect(closestMatch('canry', ['linear', 'canary', 'ab'])).toBe('canary');
  });

  it('ignores case', () => {
    expect(closestMatch('CANARY', ['linear', 'canary'])).toBe('canary');
  });

  it('allows 2 edits for a short word, not 3', () => {
    // cnry (4 letters) -> canary: 2 edits; cry -> canary: 3.
    expect(closestMatch('cnry', ['canary'])).toBe('canary');
    expect(closestMatch('cry', ['canary'])).toBeUndefined();
  });

  it('allows a third of the length from 9 letters: 3 edits at 9, not at 8', () => {
    expect(closestMatch('abcdefghi', ['abcdefxyz'])).toBe('abcdefxyz');
    expect(closestMatch('abcdefgh', ['abcdexyz'])).toBeUndefined();
  });

  it('allows 4 edits at 12 letters, not at 11', () => {
    expect(closestMatch('abcdefghijkl', ['abcdefghwxyz'])).toBe('abcdefghwxyz');
    expect(closestMatch('abcdefghijk', ['abcdefgwxyz'])).toBeUndefined();
  });

  it('keeps the nearest candidate whatever the order, and the first of equals', () => {
    expect(closestMatch('cat', ['cxx', 'cot'])).toBe('cot');
    expect(closestMatch('cat', ['cot', 'cxx'])).toBe('cot');
    expect(closestMatch('cat', ['bat', 'hat'])).toBe('bat');
  });

  it('suggests nothing from no candidates', () => {
    expect(closestMatch('canary', [])).toBeUndefined();
  });
});
