// Tokens an attacker could present: signed with a guessed secret, unsigned (`alg: none`), tampered
// after signing, re-labelled with another algorithm, or expired. (`nbf` needs the platform's secret:
// inference-stack/test/handlers/token-validity.test.ts covers it on the verifier.)
import { randomBytes } from 'node:crypto';
import { SignJWT } from 'jose';

const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

export interface ForgedToken {
  readonly name: string;
  readonly authorization: string | undefined;
}

/** `valid`: a genuine invoke token of the platform, used as material for tampering. */
export async function forgedTokens(valid: string, expired: string): Promise<ForgedToken[]> {
  const [header = '', payload = '', signature = ''] = valid.split('.');
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
  const admin = { ...claims, role: 'admin', sub: 'mallory' };
  const guessedSecret = new Uint8Array(randomBytes(32));
  const signedElsewhere = await new SignJWT(admin).setProtectedHeader({ alg: 'HS256' }).sign(guessedSecret);
  const emptySecretHeader = { alg: 'HS256', typ: 'JWT' };
  return [
    { name: 'no Authorization header', authorization: undefined },
    { name: 'an empty bearer', authorization: 'Bearer ' },
    { name: 'a Basic credential', authorization: `Basic ${Buffer.from('admin:admin').toString('base64')}` },
    { name: 'a garbled bearer', authorization: 'Bearer %%%not-a-token%%%' },
    { name: 'a bearer with two tokens', authorization: `Bearer ${valid} ${valid}` },
    { name: 'a truncated token', authorization: `Bearer ${header}.${payload}` },
    { name: 'a token signed with a guessed secret', authorization: `Bearer ${signedElsewhere}` },
    { name: 'an expired token', authorization: `Bearer ${expired}` },
    {
      name: 'alg none, no signature',
      authorization: `Bearer ${b64url({ alg: 'none', typ: 'JWT' })}.${b64url(admin)}.`,
    },
    {
      name: 'alg none with a real signature',
      authorization: `Bearer ${b64url({ alg: 'none' })}.${b64url(admin)}.${signature}`,
    },
    {
      name: 'a payload promoted to admin after signing',
      authorization: `Bearer ${header}.${b64url(admin)}.${signature}`,
    },
    {
      name: 'the signature relabelled HS512',
      authorization: `Bearer ${b64url({ alg: 'HS512' })}.${payload}.${signature}`,
    },
    {
      name: 'the signature relabelled RS256',
      authorization: `Bearer ${b64url({ alg: 'RS256' })}.${payload}.${signature}`,
    },
    {
      name: 'an HS256 token with an empty signature',
      authorization: `Bearer ${b64url(emptySecretHeader)}.${b64url(admin)}.`,
    },
  ];
}
