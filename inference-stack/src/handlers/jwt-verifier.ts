// TokenVerifiers built on jose: a shared HS256 secret (local platform) or a JWKS URL (Cognito).
import { createRemoteJWKSet, jwtVerify, SignJWT } from 'jose';
import type { Role, TokenVerifier } from './authorize.ts';

export interface ClaimChecks {
  readonly issuer?: string;
  readonly audience?: string;
  /** Epoch ms, so tests can check expiry with an injected clock. */
  readonly now?: () => number;
}

export function hs256Verifier(secret: Uint8Array, checks: ClaimChecks = {}): TokenVerifier {
  return async (token) => (await jwtVerify(token, secret, { algorithms: ['HS256'], ...options(checks) })).payload;
}

export function jwksVerifier(jwksUrl: string, checks: ClaimChecks = {}): TokenVerifier {
  const keys = createRemoteJWKSet(new URL(jwksUrl));
  return async (token) => (await jwtVerify(token, keys, { algorithms: ['RS256'], ...options(checks) })).payload;
}

export interface TokenRequest {
  readonly sub: string;
  readonly role: Role;
  readonly ttlSeconds: number;
  readonly issuer?: string;
  readonly audience?: string;
  readonly now?: () => number;
}

export async function signHs256(secret: Uint8Array, request: TokenRequest): Promise<string> {
  const iat = Math.floor((request.now ?? Date.now)() / 1000);
  let jwt = new SignJWT({ role: request.role })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(request.sub)
    .setIssuedAt(iat)
    .setExpirationTime(iat + request.ttlSeconds);
  if (request.issuer) jwt = jwt.setIssuer(request.issuer);
  if (request.audience) jwt = jwt.setAudience(request.audience);
  return jwt.sign(secret);
}

function options(checks: ClaimChecks) {
  return {
    ...(checks.issuer ? { issuer: checks.issuer } : {}),
    ...(checks.audience ? { audience: checks.audience } : {}),
    ...(checks.now ? { currentDate: new Date(checks.now()) } : {}),
  };
}
