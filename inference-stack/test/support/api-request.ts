import type { ApiRequest } from '../../src/handlers/api.ts';

export function apiRequest(overrides: Partial<ApiRequest> & { json?: unknown } = {}): ApiRequest {
  const { json, ...rest } = overrides;
  return {
    method: 'POST',
    path: '/',
    pathParams: {},
    headers: { 'content-type': 'application/json' },
    body: json === undefined ? undefined : JSON.stringify(json),
    requestId: 'req-1',
    ...rest,
  };
}
