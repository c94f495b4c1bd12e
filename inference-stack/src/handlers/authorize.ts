// Bearer-token check shared by the API Gateway custom authorizer and the local HTTP server:
// `invoke` may predict, `admin` may also call admin routes.
import type { Principal } from './api.ts';

export type Role = 'invoke' | 'admin';

/** Verifies signature, expiry, issuer and audience; throws when the token is not acceptable. */
export type TokenVerifier = (token: string) => Promise<Readonly<Record<string, unknown>>>;

export type AuthDecision =
  | { readonly ok: true; readonly principal: Principal }
  | { readonly ok: false; readonly status: 401 | 403; readonly code: string; readonly message: string };

export function requiredRole(path: string): Role {
  return path.startsWith('/v1/admin/') || path === '/v1/admin' ? 'admin' : 'invoke';
}

export async function authorize(
  authorization: string | undefined,
  need: Role,
  verify: TokenVerifier,
): Promise<AuthDecision> {
  const match = /^Bearer\s+([A-Za-z0-9._~+/=-]+)$/i.exec(authorization?.trim() ?? '');
  if (!match) return deny(401, 'Unauthorized', 'missing bearer token');
  let claims: Readonly<Record<string, unknown>>;
  try {
    claims = await verify(match[1]!);
  } catch (error) {
    const expired = (error as { code?: string }).code === 'ERR_JWT_EXPIRED';
    return deny(401, 'Unauthorized', expired ? 'token expired' : 'invalid token');
  }
  const roles = rolesOf(claims);
  const allowed = need === 'admin' ? roles.has('admin') : roles.has('invoke') || roles.has('admin');
  // Requests and idempotency keys belong to the subject: a token without one would share them.
  if (typeof claims.sub !== 'string' || !claims.sub) return deny(401, 'Unauthorized', 'token has no subject (sub)');
  const sub = claims.sub;
  if (!allowed) return deny(403, 'Forbidden', `role ${need} required`);
  return { ok: true, principal: { sub, role: roles.has('admin') ? 'admin' : 'invoke' } };
}

// `role` (our tokens), `custom:role` (a Cognito custom attribute) or `cognito:groups`.
function rolesOf(claims: Readonly<Record<string, unknown>>): Set<string> {
  const roles = new Set<string>();
  for (const value of [claims.role, claims['custom:role'], claims['cognito:groups']]) {
    if (typeof value === 'string') for (const part of value.split(/[\s,]+/)) roles.add(part);
    if (Array.isArray(value)) for (const part of value) if (typeof part === 'string') roles.add(part);
  }
  return roles;
}

function deny(status: 401 | 403, code: string, message: string): AuthDecision {
  return { ok: false, status, code, message };
}
