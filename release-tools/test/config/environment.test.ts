import { describe, expect, it } from 'vitest';
import { envOr, MissingEnvironmentError, optionalEnv, requireEnv } from '../../src/config/environment.ts';

describe('environment readers', () => {
  it('read a set variable as is', () => {
    const env = { BUCKET: 'state' };
    expect(optionalEnv(env, 'BUCKET')).toBe('state');
    expect(envOr(env, 'BUCKET', 'other')).toBe('state');
    expect(requireEnv(env, 'BUCKET')).toBe('state');
  });

  it.each([
    ['unset', {}],
    ['empty', { BUCKET: '' }],
  ])(
    'treat an %s variable as absent: the fallback applies, a required one throws',
    (_, env: Record<string, string>) => {
      expect(optionalEnv(env, 'BUCKET')).toBeUndefined();
      expect(envOr(env, 'BUCKET', 'fallback')).toBe('fallback');
      expect(() => requireEnv(env, 'BUCKET', 'the state bucket')).toThrow(
        new MissingEnvironmentError('BUCKET', 'the state bucket'),
      );
      expect(() => requireEnv(env, 'BUCKET')).toThrow('missing environment variable BUCKET');
    },
  );

  it('keeps whitespace: a value of one space is a value, not an absence', () => {
    expect(optionalEnv({ BUCKET: ' ' }, 'BUCKET')).toBe(' ');
  });
});
