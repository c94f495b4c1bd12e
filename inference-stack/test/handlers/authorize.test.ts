import { describe, expect, it } from 'vitest';
import { authorize, requiredRole } from '../../src/handlers/authorize.ts';
import { hs256Verifier, signHs256 } from '../../src/handlers/jwt-verifier.ts';

const secret = new TextEncoder().encode('0123456789abcdef0123456789abcdef');
const t0 = 1_800_000_000_000;
const verify = hs256Verifier(secret, { now: () => t0 });
const token = (role: 'invoke' | 'admin', ttlSeconds = 60, now = () => t0) =>
  signHs256(secret, { sub: `user-${role}`, role, ttlSeconds, now });

describe('authorize', () => {
  it.each([
    { name: 'invoke may predict', role: 'invoke', need: 'invoke', ok: true },
    { name: 'admin may predict', role: 'admin', need: 'invoke', ok: true },
    { name: 'admin may call admin routes', role: 'admin', need: 'admin', ok: true },
    { name: 'invoke may not call admin routes', role: 'invoke', need: 'admin', ok: false },
  ] as const)('$name', async ({ role, need, ok }) => {
    const decision = await authorize(`Bearer ${await token(role)}`, need, verify);
    expect(decision.ok).toBe(ok);
    if (!decision.ok) expect(decision).toMatchObject({ status: 403, code: 'Forbidden' });
    else expect(decision.principal).toEqual({ sub: `user-${role}`, role });
  });

  it.each([
    { name: 'no header', header: undefined, message: 'missing bearer token' },
    { name: 'a Basic header', header: 'Basic abc', message: 'missing bearer token' },
    { name: 'a garbage token', header: 'Bearer not.a.jwt', message: 'invalid token' },
  ])('answers 401 for $name', async ({ header, message }) => {
    expect(await authorize(header, 'invoke', verify)).toEqual({
      ok: false,
      status: 401,
      code: 'Unauthorized',
      message,
    });
  });

  it('answers 401 for an expired token', async () => {
    const expired = await token('admin', 60, () => t0 - 120_000);
    expect(await authorize(`Bearer ${expired}`, 'invoke', verify)).toMatchObject({
      status: 401,
      message: 'token expired',
    });
  });

  it('answers 401 for a token signed with another secret', async () => {
    const other = await signHs256(new TextEncoder().encode('another-secret-another-secret-xx'), {
      sub: 'x',
      role: 'admin',
      ttlSeconds: 60,
      now: () => t0,
    });
    expect(await authorize(`Bearer ${other}`, 'invoke', verify)).toMatchObject({ status: 401 });
  });

  it('reads Cognito group claims as roles', async () => {
    const decision = await authorize('Bearer x', 'admin', async () => ({ sub: 'c', 'cognito:groups': ['admin'] }));
    expect(decision).toEqual({ ok: true, principal: { sub: 'c', role: 'admin' } });
  });

  it('classifies admin paths', () => {
    expect(requiredRole('/v1/admin/routes')).toBe('admin');
    expect(requiredRole('/v1/models/fraud/invoke')).toBe('invoke');
  });

  it('refuses a token with no subject: its requests would belong to nobody in particular', async () => {
    const decision = await authorize('Bearer x', 'invoke', async () => ({ role: 'invoke' }));
    expect(decision).toMatchObject({ ok: false, status: 401 });
  });
});
