import { describe, expect, it } from 'vitest';
import { isLane, isModelName, isPredictionId } from '../../src/domain/names.ts';
import { requestKey, resultKey } from '../../src/domain/prediction.ts';

// These names become object keys and TargetModel paths: anything outside the alphabet, a leading or
// trailing separator, or a name too long must be refused, whole (not just a matching part).
describe('model names', () => {
  it.each([
    'a',
    'fraud-detector',
    '9lives',
    'a1',
    `a${'b'.repeat(62)}c`, // 64 characters, the longest allowed
  ])('accepts %s', (name) => {
    expect(isModelName(name)).toBe(true);
  });

  it.each([
    ['empty', ''],
    ['65 characters', `a${'b'.repeat(63)}c`],
    ['a leading hyphen', '-fraud'],
    ['a trailing hyphen', 'fraud-'],
    ['upper case', 'Fraud'],
    ['a path separator', 'fraud/../x'],
    ['a dot', 'fraud.v2'],
    ['a valid name followed by a slash', 'fraud/'],
    ['a slash followed by a valid name', '/fraud'],
    ['a newline after a valid name', 'fraud\n'],
    ['an underscore inside', 'fr_aud'],
    ['a two-character name ending badly', 'a_'],
  ])('refuses %s', (_why, name) => {
    expect(isModelName(name)).toBe(false);
  });
});

describe('prediction ids', () => {
  it.each(['abcdEFGH', 'a-b_c-d_e', '0123456789', 'x'.repeat(64)])('accepts %s', (id) => {
    expect(isPredictionId(id)).toBe(true);
  });

  it.each([
    ['7 characters', 'abcdefg'],
    ['65 characters', 'x'.repeat(65)],
    ['a slash', 'abcd/efgh'],
    ['a dot-dot', '..abcdefgh'],
    ['a valid id with a trailing slash', 'abcdefgh/'],
    ['a valid id after a slash', '/abcdefgh'],
    ['only separators of another alphabet', '........'],
  ])('refuses %s', (_why, id) => {
    expect(isPredictionId(id)).toBe(false);
  });
});

describe('lanes', () => {
  it.each(['standard', 'priority', 'a', 'bulk-2', `a${'b'.repeat(31)}`])('accepts %s', (lane) => {
    expect(isLane(lane)).toBe(true);
  });

  it.each([
    ['empty', ''],
    ['33 characters', `a${'b'.repeat(32)}`],
    ['a leading digit', '2fast'],
    ['a leading hyphen', '-slow'],
    ['upper case', 'Standard'],
    ['a valid lane then a slash', 'standard/'],
    ['a slash then a valid lane', '/standard'],
    ['a dot inside', 'std.x'],
  ])('refuses %s', (_why, lane) => {
    expect(isLane(lane)).toBe(false);
  });
});

describe('stored prediction keys', () => {
  it('puts a request and its result under their prefixes as <id>.json', () => {
    expect(requestKey('requests/', 'abcd1234')).toBe('requests/abcd1234.json');
    expect(resultKey('results/', 'abcd1234')).toBe('results/abcd1234.json');
  });
});
