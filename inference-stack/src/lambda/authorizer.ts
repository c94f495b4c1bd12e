// API Gateway custom authorizer (REQUEST or TOKEN): verifies the JWT and its role claim.
// No/invalid token -> 401 (throw 'Unauthorized'); wrong role -> 403 (Deny policy).
import type {
  APIGatewayAuthorizerResult,
  APIGatewayRequestAuthorizerEvent,
  APIGatewayTokenAuthorizerEvent,
} from 'aws-lambda';
import { authorize, requiredRole, type TokenVerifier } from '../handlers/authorize.ts';
import { hs256Verifier, jwksVerifier } from '../handlers/jwt-verifier.ts';
import { env } from './env.ts';

let verifier: TokenVerifier | undefined;

function tokenVerifier(): TokenVerifier {
  const checks = {
    ...(process.env.JWT_ISSUER ? { issuer: process.env.JWT_ISSUER } : {}),
    ...(process.env.JWT_AUDIENCE ? { audience: process.env.JWT_AUDIENCE } : {}),
  };
  verifier ??= process.env.JWT_SECRET
    ? hs256Verifier(new TextEncoder().encode(process.env.JWT_SECRET), checks)
    : jwksVerifier(env('JWT_JWKS_URL'), checks);
  return verifier;
}

export const handler = async (
  event: APIGatewayRequestAuthorizerEvent | APIGatewayTokenAuthorizerEvent,
): Promise<APIGatewayAuthorizerResult> => {
  const authorization =
    event.type === 'TOKEN'
      ? event.authorizationToken
      : (event.headers?.Authorization ?? event.headers?.authorization ?? undefined);
  // arn:aws:execute-api:<region>:<account>:<api>/<stage>/<METHOD>/<path...>
  const [base = '', stage = '*', , ...rest] = event.methodArn.split('/');
  const path = event.type === 'REQUEST' && event.path ? event.path : `/${rest.join('/')}`;
  const decision = await authorize(authorization, requiredRole(path), tokenVerifier());
  if (!decision.ok && decision.status === 401) throw new Error('Unauthorized');
  const { sub, role } = decision.ok ? decision.principal : { sub: 'anonymous', role: 'none' };
  // The policy covers every route the role may call, so API Gateway can cache it per token.
  const resources =
    role === 'admin'
      ? [`${base}/${stage}/*`]
      : [`${base}/${stage}/*/v1/models/*`, `${base}/${stage}/*/v1/predictions/*`];
  return {
    principalId: sub,
    policyDocument: {
      Version: '2012-10-17',
      Statement: [
        {
          Action: 'execute-api:Invoke',
          Effect: decision.ok ? 'Allow' : 'Deny',
          Resource: decision.ok ? resources : [event.methodArn],
        },
      ],
    },
    context: { sub, role },
  };
};
