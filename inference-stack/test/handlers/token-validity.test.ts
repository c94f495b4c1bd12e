// The verifier with the right secret: a token is refused before its nbf, after its exp, unsigned or
// re-labelled, whatever its claims; a fresh one is accepted.
import { SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { authorize } from '../../src/handlers/authorize.ts';
import { hs256Verifier } from '../../src/handlers/jwt-verifier.ts';

const secret = new TextEncoder().encode('a-32-byte-secret-for-tests-only!');
const now = Date.UTC(2026, 10, 24, 12);
const verify = hs256Verifier(secret, { now: () => now });
const sec = Math.floor(now / 1000);
const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

const sign = (claims: Record<string, unknown>, alg = 'HS256') =>
  new SignJWT({ role: 'admin', sub: 'mallory', ...claims }).setProtectedHeader({ alg }).sign(secret);

describe('token validity on the HS256 verifier', () => {
  it.each([
    { name: 'nbf an hour ahead', claims: { nbf: sec + 3600, exp: sec + 7200 } },
    { name: 'exp a second ago', claims: { exp: sec - 1 } },
    { name: 'a non-numeric exp', claims: { exp: 'never' } },
  ])('refuses a correctly signed token with $name (401)', async ({ claims }) => {
    const token = await sign(claims);

    const decision = await authorize(`Bearer ${token}`, 'invoke', verify);

    expect(decision).toMatchObject({ ok: false, status: 401, code: 'Unauthorized' });
  });

  it('refuses the same claims signed as HS512 or sent unsigned (alg none)', async () => {
    const hs512 = await sign({ exp: sec + 60 }, 'HS512');
    const none = `${b64url({ alg: 'none' })}.${b64url({ role: 'admin', sub: 'mallory', exp: sec + 60 })}.`;

    const decisions = await Promise.all([hs512, none].map((t) => authorize(`Bearer ${t}`, 'invoke', verify)));

    expect(decisions.map((d) => (d.ok ? 200 : d.status))).toEqual([401, 401]);
  });

  it('accepts a fresh token signed with the secret', async () => {
    const token = await sign({ iat: sec, exp: sec + 60 });

    const decision = await authorize(`Bearer ${token}`, 'admin', verify);

    expect(decision).toEqual({ ok: true, principal: { sub: 'mallory', role: 'admin' } });
  });
});
