import { Logger } from '@aws-lambda-powertools/logger';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { describe, expect, it, vi } from 'vitest';
import type { ApiRequest } from '../../src/handlers/api.ts';
import { serve } from '../../src/lambda/api-gateway.ts';

const event = (overrides: Partial<APIGatewayProxyEvent>): APIGatewayProxyEvent =>
  ({
    httpMethod: 'POST',
    path: '/v1/models/fraud/predictions',
    pathParameters: { model: 'fraud' },
    headers: { 'Content-Type': 'application/json', 'Idempotency-Key': 'k1' },
    body: '{"inputs":[[1]]}',
    isBase64Encoded: false,
    requestContext: { requestId: 'gw-req-1', authorizer: { sub: 'u1', role: 'invoke' } },
    ...overrides,
  }) as unknown as APIGatewayProxyEvent;

describe('serve (API Gateway proxy face)', () => {
  it('passes lower-cased headers, path parameters, body and principal to the core', async () => {
    let seen: ApiRequest | undefined;
    const result = await serve(event({}), async (request) => {
      seen = request;
      return { statusCode: 202, body: { id: 'x' }, headers: { location: '/v1/predictions/x' } };
    });
    expect(seen).toMatchObject({
      method: 'POST',
      pathParams: { model: 'fraud' },
      headers: { 'content-type': 'application/json', 'idempotency-key': 'k1' },
      body: '{"inputs":[[1]]}',
      requestId: 'gw-req-1',
      principal: { sub: 'u1', role: 'invoke' },
    });
    expect(result).toEqual({
      statusCode: 202,
      headers: { 'content-type': 'application/json', 'x-request-id': 'gw-req-1', location: '/v1/predictions/x' },
      body: '{"id":"x"}',
    });
  });

  it('decodes a base64 body', async () => {
    let body: string | undefined;
    await serve(event({ body: Buffer.from('{"a":1}').toString('base64'), isBase64Encoded: true }), async (r) => {
      body = r.body;
      return { statusCode: 200, body: {} };
    });
    expect(body).toBe('{"a":1}');
  });

  it('answers 500 with the request id and no stack when the core throws, and logs the error with its stack', async () => {
    // Prepare: a Powertools Logger whose JSON lines are captured.
    const lines: string[] = [];
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
      lines.push(String(chunk));
      return true;
    });
    const failure = new Error('secret internals');
    // Act
    const result = await serve(
      event({}),
      async () => {
        throw failure;
      },
      new Logger({ serviceName: 'mlrelease-api' }),
    );
    stderr.mockRestore();
    // Assess
    expect(result.statusCode).toBe(500);
    expect(JSON.parse(result.body)).toEqual({
      error: { code: 'InternalError', message: 'internal error (request gw-req-1)' },
    });
    expect(JSON.parse(lines.join(''))).toMatchObject({
      level: 'ERROR',
      message: 'request failed',
      service: 'mlrelease-api',
      requestId: 'gw-req-1',
      path: '/v1/models/fraud/predictions',
      error: { name: 'Error', message: 'secret internals', stack: failure.stack },
    });
  });

  it('takes the principal from a Cognito user pool authorizer (claims), as GET /v1/predictions/{id} uses', async () => {
    // What API Gateway puts in requestContext.authorizer for AuthorizationType.COGNITO: the token's claims.
    const cognito = {
      requestId: 'gw-req-2',
      authorizer: { claims: { sub: 'c-0a1b', 'cognito:groups': 'invoke', token_use: 'id' } },
    };
    let seen: ApiRequest | undefined;
    await serve(event({ httpMethod: 'GET', requestContext: cognito as never }), async (request) => {
      seen = request;
      return { statusCode: 200, body: {} };
    });
    expect(seen?.principal).toEqual({ sub: 'c-0a1b', role: 'invoke' });
  });

  it('reads an admin group from Cognito claims', async () => {
    const cognito = { requestId: 'r', authorizer: { claims: { sub: 'c-2', 'cognito:groups': 'admin,invoke' } } };
    let seen: ApiRequest | undefined;
    await serve(event({ requestContext: cognito as never }), async (request) => {
      seen = request;
      return { statusCode: 200, body: {} };
    });
    expect(seen?.principal).toEqual({ sub: 'c-2', role: 'admin' });
  });
});
