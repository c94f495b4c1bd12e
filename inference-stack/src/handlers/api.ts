// The HTTP shape shared by the Lambda faces (API Gateway proxy events) and the local node:http
// server, so both run the same handler cores.

export interface Principal {
  readonly sub: string;
  readonly role: string;
}

export interface ApiRequest {
  readonly method: string;
  readonly path: string;
  readonly pathParams: Readonly<Record<string, string | undefined>>;
  /** Lower-cased header names. */
  readonly headers: Readonly<Record<string, string | undefined>>;
  readonly body: string | undefined;
  /** Query string parameters (the last value of a repeated one); absent where a face passes none. */
  readonly query?: Readonly<Record<string, string>>;
  readonly requestId: string;
  readonly principal?: Principal;
}

export interface ApiResponse {
  readonly statusCode: number;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body: unknown;
}

export function json(statusCode: number, body: unknown, headers?: Record<string, string>): ApiResponse {
  return headers ? { statusCode, body, headers } : { statusCode, body };
}

export function apiError(statusCode: number, code: string, message: string, headers?: Record<string, string>) {
  return json(statusCode, { error: { code, message } }, headers);
}

/** Parses a JSON object body, or answers why not. */
export function parseObjectBody(
  request: ApiRequest,
): { ok: true; value: Record<string, unknown> } | { ok: false; response: ApiResponse } {
  if (!request.body) return { ok: false, response: apiError(400, 'BadRequest', 'request body is required') };
  try {
    const value: unknown = JSON.parse(request.body);
    if (typeof value === 'object' && value !== null && !Array.isArray(value))
      return { ok: true, value: value as Record<string, unknown> };
  } catch {
    return { ok: false, response: apiError(400, 'BadRequest', 'request body is not valid JSON') };
  }
  return { ok: false, response: apiError(400, 'BadRequest', 'request body must be a JSON object') };
}

// Headers a sticky route may key on; credentials and proxy headers are never stored.
const NEVER_STORED = new Set(['x-api-key', 'x-amz-security-token', 'x-forwarded-for', 'x-real-ip']);

/** The parts of a request the router may use as a sticky key: x-* headers and top-level scalar fields. */
export function routingContext(request: ApiRequest, body: Record<string, unknown>) {
  const headers = Object.fromEntries(
    Object.entries(request.headers).filter(
      ([name, value]) =>
        value !== undefined && name.startsWith('x-') && !NEVER_STORED.has(name) && !name.startsWith('x-amz-'),
    ),
  ) as Record<string, string>;
  const fields = Object.fromEntries(
    Object.entries(body).filter(
      ([name, value]) => name !== 'inputs' && (typeof value === 'string' || typeof value === 'number'),
    ),
  );
  return { headers, fields };
}
