// node:http face with API Gateway behaviour: JWT bearer auth with role claims, per-caller
// throttling (429 + Retry-After), payload limit (413), JSON content type (415), request ids and
// JSON error bodies. Handlers are the same cores the Lambda faces call.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ApiRequest, ApiResponse } from '../../../inference-stack/src/handlers/api.ts';
import { apiError } from '../../../inference-stack/src/handlers/api.ts';
import { authorize, type Role, type TokenVerifier } from '../../../inference-stack/src/handlers/authorize.ts';
import { readBody } from './read-body.ts';
import type { TokenBuckets } from './token-bucket.ts';

export interface HttpRoute {
  readonly method: string;
  /** Named groups become path parameters. */
  readonly pattern: RegExp;
  readonly auth: Role | 'none';
  /** Accept any request content type (the body is passed on as is), not only JSON. @default false */
  readonly anyContentType?: boolean;
  /** Stores something: asks `admitWrite` first (a full disk, a read-only start). @default false */
  readonly writes?: boolean;
  handle(request: ApiRequest): Promise<ApiResponse>;
}

export interface HttpServerOptions {
  readonly routes: readonly HttpRoute[];
  readonly verify: TokenVerifier;
  readonly throttle: TokenBuckets;
  readonly maxBodyBytes: number;
  readonly newRequestId: () => string;
  readonly port: number;
  readonly host: string;
  readonly onError: (error: unknown, requestId: string) => void;
  /**
   * How long close() lets in-flight requests finish before it closes their connections: a client
   * that keeps sending (or never reads) cannot hold a shutdown. @default 10000
   */
  readonly drainTimeoutMs?: number;
  /** Asked before a `writes` route reads its body: an answer refuses the request. */
  readonly admitWrite?: () => Promise<ApiResponse | undefined>;
  /** The answer for an error a handler threw, when it is not a 500 (e.g. 507 for a full disk). */
  readonly answerError?: (error: unknown, requestId: string) => ApiResponse | undefined;
}

export interface RunningHttpServer {
  readonly port: number;
  /** Requests being handled right now. */
  inflight(): number;
  /** Stops accepting, then waits for in-flight requests to finish, up to the drain deadline. */
  close(): Promise<void>;
}

export async function startHttpServer(options: HttpServerOptions): Promise<RunningHttpServer> {
  const inflight = new Set<Promise<void>>();
  const server = createServer((req, res) => {
    const done = handle(req, res, options).finally(() => inflight.delete(done));
    inflight.add(done);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    // Malformed framing never reaches a route: still answer with the JSON error body every client expects.
    server.on('clientError', (error: NodeJS.ErrnoException, socket) => {
      if (!socket.writable) return socket.destroy();
      const status = error.code === 'HPE_HEADER_OVERFLOW' ? 431 : 400;
      const body = JSON.stringify({ error: { code: 'BadRequest', message: 'malformed HTTP request' } });
      socket.end(
        `HTTP/1.1 ${status} ${status === 431 ? 'Request Header Fields Too Large' : 'Bad Request'}\r\n` +
          `content-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
      );
    });
    server.listen(options.port, options.host, () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    inflight: () => inflight.size,
    async close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        Promise.allSettled([...inflight]),
        new Promise((resolve) => (timer = setTimeout(resolve, options.drainTimeoutMs ?? 10_000))),
      ]);
      clearTimeout(timer);
      server.closeAllConnections();
      await closed;
    },
  };
}

async function handle(req: IncomingMessage, res: ServerResponse, options: HttpServerOptions): Promise<void> {
  const requestId = options.newRequestId();
  try {
    send(res, await answer(req, requestId, options), requestId);
  } catch (error) {
    const answer = options.answerError?.(error, requestId);
    if (answer) return send(res, answer, requestId);
    options.onError(error, requestId);
    send(res, apiError(500, 'InternalError', `internal error (request ${requestId})`), requestId);
  }
}

async function answer(req: IncomingMessage, requestId: string, options: HttpServerOptions): Promise<ApiResponse> {
  // Prefix the origin ourselves: as a base-relative URL, a target like `//evil/x` would parse as a host.
  const url = new URL(`http://localhost${req.url?.startsWith('/') ? req.url : '/'}`);
  const method = req.method ?? 'GET';
  const matches = options.routes
    .map((route) => ({ route, match: route.pattern.exec(url.pathname) }))
    .filter((m) => m.match !== null);
  if (matches.length === 0) return unread(req, apiError(404, 'NotFound', `no route ${url.pathname}`));
  const found = matches.find((m) => m.route.method === method);
  if (!found) return unread(req, apiError(405, 'MethodNotAllowed', `${method} not allowed on ${url.pathname}`));
  const headers = lowerCaseHeaders(req);

  let principal: ApiRequest['principal'];
  if (found.route.auth !== 'none') {
    const decision = await authorize(headers.authorization, found.route.auth, options.verify);
    if (!decision.ok) return unread(req, apiError(decision.status, decision.code, decision.message));
    principal = decision.principal;
    const take = options.throttle.take(principal.sub);
    if (!take.ok)
      return unread(
        req,
        apiError(429, 'TooManyRequests', 'rate limit exceeded', {
          'retry-after': String(Math.max(1, Math.ceil(take.retryAfterMs / 1000))),
        }),
      );
  }
  if (found.route.writes && options.admitWrite) {
    const refusal = await options.admitWrite();
    if (refusal) return unread(req, refusal);
  }
  let body: string | undefined;
  if (method === 'POST' || method === 'PUT') {
    if (!found.route.anyContentType && !/^application\/json(\s*;.*)?$/i.test(headers['content-type'] ?? ''))
      return unread(req, apiError(415, 'UnsupportedMediaType', 'content-type must be application/json'));
    const read = await readBody(req, options.maxBodyBytes);
    if (!read.ok)
      return apiError(413, 'PayloadTooLarge', `request body exceeds ${options.maxBodyBytes} bytes`, {
        connection: 'close',
      });
    body = read.body;
  }
  return found.route.handle({
    method,
    path: url.pathname,
    pathParams: { ...found.match!.groups },
    headers,
    body,
    query: Object.fromEntries(url.searchParams),
    requestId,
    ...(principal ? { principal } : {}),
  });
}

/**
 * An answer given before the body is read: the body is never read (an unauthenticated caller's
 * least of all), so a request that has one gets its connection closed after the answer, which
 * also ends a chunked body that would otherwise keep coming. Without a body the connection stays.
 */
function unread(req: IncomingMessage, response: ApiResponse): ApiResponse {
  const hasBody = req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0;
  return hasBody ? { ...response, headers: { ...response.headers, connection: 'close' } } : response;
}

function lowerCaseHeaders(req: IncomingMessage): Record<string, string | undefined> {
  const headers: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(req.headers))
    headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  return headers;
}

function send(res: ServerResponse, response: ApiResponse, requestId: string): void {
  const isText = typeof response.body === 'string' && response.headers?.['content-type'] !== undefined;
  const payload = isText ? (response.body as string) : JSON.stringify(response.body);
  res.writeHead(response.statusCode, {
    'content-type': 'application/json',
    'x-request-id': requestId,
    ...response.headers,
  });
  res.end(payload);
}
