// API Gateway (REST, proxy integration) event <-> the handlers' ApiRequest/ApiResponse.

import type { Logger } from '@aws-lambda-powertools/logger';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import type { ApiRequest, ApiResponse, Principal } from '../handlers/api.ts';
import { logger } from './logger.ts';

export function toApiRequest(event: APIGatewayProxyEvent): ApiRequest {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(event.headers ?? {}))
    if (value !== undefined) headers[name.toLowerCase()] = value;
  const body = event.body && event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
  return {
    method: event.httpMethod,
    path: event.path,
    pathParams: event.pathParameters ?? {},
    headers,
    body: body ?? undefined,
    requestId: event.requestContext?.requestId ?? '',
    ...principalOf(event.requestContext?.authorizer),
  };
}

// The role (TOKEN) authorizer's context is {sub, role}; a Cognito user pool authorizer passes the
// token's claims, where cognito:groups arrives as one string.
function principalOf(authorizer: unknown): { principal?: Principal } {
  const context = (authorizer ?? {}) as { sub?: unknown; role?: unknown; claims?: Record<string, unknown> };
  if (typeof context.sub === 'string' && context.sub && typeof context.role === 'string')
    return { principal: { sub: context.sub, role: context.role } };
  const claims = context.claims;
  if (claims && typeof claims.sub === 'string' && claims.sub) {
    const groups = String(claims['cognito:groups'] ?? '').split(/[\s,[\]]+/);
    return { principal: { sub: claims.sub, role: groups.includes('admin') ? 'admin' : 'invoke' } };
  }
  return {};
}

export function toProxyResult(response: ApiResponse, requestId: string): APIGatewayProxyResult {
  return {
    statusCode: response.statusCode,
    headers: { 'content-type': 'application/json', 'x-request-id': requestId, ...response.headers },
    body: JSON.stringify(response.body),
  };
}

/** Unexpected errors become a 500 with the request id, never a stack trace; the log has the stack. */
export async function serve(
  event: APIGatewayProxyEvent,
  core: (request: ApiRequest) => Promise<ApiResponse>,
  log: Pick<Logger, 'error'> = logger,
): Promise<APIGatewayProxyResult> {
  const request = toApiRequest(event);
  try {
    return toProxyResult(await core(request), request.requestId);
  } catch (error) {
    log.error('request failed', { requestId: request.requestId, path: request.path, error });
    return toProxyResult(
      {
        statusCode: 500,
        body: { error: { code: 'InternalError', message: `internal error (request ${request.requestId})` } },
      },
      request.requestId,
    );
  }
}
