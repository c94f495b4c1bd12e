import { describe, expect, it } from 'vitest';
import { type FilterPolicy, matchesFilterPolicy } from '../../src/domain/filter-policy.ts';

describe('SNS filter policy matching', () => {
  const cases: [string, FilterPolicy | undefined, Record<string, string>, boolean][] = [
    ['no policy accepts everything', undefined, {}, true],
    ['exact value matches', { lane: ['priority'] }, { lane: 'priority' }, true],
    ['other value does not match', { lane: ['priority'] }, { lane: 'standard' }, false],
    ['missing attribute does not match a value', { lane: ['standard'] }, {}, false],
    ['any listed value matches (OR)', { lane: ['a', 'b'] }, { lane: 'b' }, true],
    ['every key must match (AND)', { lane: ['a'], model: ['m'] }, { lane: 'a', model: 'x' }, false],
    ['all keys matching passes', { lane: ['a'], model: ['m'] }, { lane: 'a', model: 'm' }, true],
    ['prefix matches', { model: [{ prefix: 'fraud-' }] }, { model: 'fraud-detector' }, true],
    ['prefix does not match', { model: [{ prefix: 'fraud-' }] }, { model: 'churn' }, false],
    ['anything-but excludes the value', { status: [{ 'anything-but': 'failed' }] }, { status: 'failed' }, false],
    ['anything-but passes others', { status: [{ 'anything-but': ['failed', 'x'] }] }, { status: 'done' }, true],
    ['anything-but needs the attribute', { status: [{ 'anything-but': 'failed' }] }, {}, false],
    ['anything-but (one value) passes others', { status: [{ 'anything-but': 'failed' }] }, { status: 'done' }, true],
    // Exact values, not substrings: 'fail' is not 'failed'.
    [
      'anything-but (one value) passes a part of it',
      { status: [{ 'anything-but': 'failed' }] },
      { status: 'fail' },
      true,
    ],
    [
      'anything-but (a list) excludes each value',
      { status: [{ 'anything-but': ['failed', 'x'] }] },
      { status: 'x' },
      false,
    ],
    ['exists true needs the attribute', { lane: [{ exists: true }] }, {}, false],
    ['exists false needs it absent', { lane: [{ exists: false }] }, {}, true],
    ['exists false refuses a present one', { lane: [{ exists: false }] }, { lane: 'a' }, false],
  ];
  it.each(cases)('%s', (_name, policy, attributes, expected) => {
    expect(matchesFilterPolicy(policy, attributes)).toBe(expected);
  });
});
