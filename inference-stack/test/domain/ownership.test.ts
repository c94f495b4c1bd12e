import { describe, expect, it } from 'vitest';
import { visibleTo } from '../../src/domain/ownership.ts';

describe('visibleTo: who may read a stored request or result', () => {
  it('shows a record to the principal that submitted it, and to no other', () => {
    expect(visibleTo('user-a', 'user-a')).toBe(true);
    expect(visibleTo('user-a', 'user-b')).toBe(false);
    expect(visibleTo('user-a', undefined)).toBe(false);
  });

  it('shows a record written before owners were stored to any caller', () => {
    expect(visibleTo(undefined, 'user-b')).toBe(true);
    expect(visibleTo(undefined, undefined)).toBe(true);
  });
});
