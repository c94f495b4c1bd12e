import type { APIGatewayRequestAuthorizerEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signHs256 } from '../../src/handlers/jwt-verifier.ts';
import { handler } from '../../src/lambda/authorizer.ts';

const secret = 'lambda-authorizer-test-secret-32b';
const base = 'arn:aws:execute-api:us-east-1:123456789012:abc123';
beforeAll(() => {
  process.env.JWT_SECRET = secret;
});
afterAll(() => {
  delete process.env.JWT_SECRET;
});

const token = (role: 'invoke' | 'admin') =>
  signHs256(new TextEncoder().encode(secret), { sub: `u-${role}`, role, ttlSeconds: 300 });

function event(path: string, authorization?: string): APIGatewayRequestAuthorizerEvent {
  const method = path.includes('/admin/') ? 'GET' : 'POST';
  return {
    type: 'REQUEST',
    methodArn: `${base}/prod/${method}${path}`,
    path,
    headers: authorization ? { Authorization: authorization } : {},
  } as unknown as APIGatewayRequestAuthorizerEvent;
}

describe('authorizer Lambda', () => {
  it('allows an invoke token on prediction routes only, with the principal in the context', async () => {
    const result = await handler(event('/v1/models/fraud/predictions', `Bearer ${await token('invoke')}`));
    expect(result.principalId).toBe('u-invoke');
    expect(result.context).toEqual({ sub: 'u-invoke', role: 'invoke' });
    expect(result.policyDocument.Statement).toEqual([
      {
        Action: 'execute-api:Invoke',
        Effect: 'Allow',
        Resource: [`${base}/prod/*/v1/models/*`, `${base}/prod/*/v1/predictions/*`],
      },
    ]);
  });

  it('denies an invoke token on an admin route (403)', async () => {
    const result = await handler(event('/v1/admin/routes', `Bearer ${await token('invoke')}`));
    expect(result.policyDocument.Statement[0]).toMatchObject({
      Effect: 'Deny',
      Resource: [`${base}/prod/GET/v1/admin/routes`],
    });
  });

  it('allows an admin token everywhere in the stage', async () => {
    const result = await handler(event('/v1/admin/routes', `Bearer ${await token('admin')}`));
    expect(result.policyDocument.Statement[0]).toMatchObject({ Effect: 'Allow', Resource: [`${base}/prod/*`] });
  });

  it.each([undefined, 'Bearer forged.token.value'])('answers 401 (throws Unauthorized) for %s', async (header) => {
    await expect(handler(event('/v1/models/fraud/invoke', header))).rejects.toThrow('Unauthorized');
  });

  it('reads the path from the method ARN for a TOKEN authorizer', async () => {
    const result = await handler({
      type: 'TOKEN',
      methodArn: `${base}/prod/GET/v1/admin/routes`,
      authorizationToken: `Bearer ${await token('invoke')}`,
    });
    expect(result.policyDocument.Statement[0]).toMatchObject({ Effect: 'Deny' });
  });
});
