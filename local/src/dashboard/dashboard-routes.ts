// GET /dashboard and /dashboard/data.json, for the person at this machine only. The banner prints
// /dashboard?token=<dev token>: that link sets an HttpOnly, SameSite=Strict cookie and redirects to
// /dashboard, so the token leaves the address bar. The page and its data need the cookie (or a bearer
// token, for scripts). Only a loopback Host on the platform's own port is answered: a web page whose
// name rebinds to 127.0.0.1 (DNS rebinding) sends its own name as Host and is refused.
import { type ApiRequest, type ApiResponse, apiError, json } from '../../../inference-stack/src/handlers/api.ts';
import { authorize, type TokenVerifier } from '../../../inference-stack/src/handlers/authorize.ts';
import type { HttpRoute } from '../http/http-server.ts';

export interface DashboardRouteDeps {
  readonly dashboard: { html(): string; data(): Promise<unknown> };
  readonly verify: TokenVerifier;
  /** The port the API listens on (known once it listens). */
  readonly port: () => number;
}

const COOKIE = 'mlrelease_dashboard';
const LOOPBACK = ['127.0.0.1', 'localhost', '[::1]'];

export function dashboardRoutes(deps: DashboardRouteDeps): HttpRoute[] {
  const guarded =
    (serve: () => Promise<ApiResponse>) =>
    async (request: ApiRequest): Promise<ApiResponse> => {
      const refused = await refusal(request, deps);
      return refused ?? serve();
    };
  return [
    {
      method: 'GET',
      pattern: /^\/dashboard\/?$/,
      // Checked here, not by the server: the token may come from the link or the cookie, not only a header.
      auth: 'none',
      handle: async (request) => {
        const token = request.query?.token;
        if (token === undefined)
          return guarded(async () => json(200, deps.dashboard.html(), { 'content-type': 'text/html; charset=utf-8' }))(
            request,
          );
        if (!isLoopbackHost(request.headers.host, deps.port())) return wrongHost();
        const decision = await authorize(`Bearer ${token}`, 'invoke', deps.verify);
        if (!decision.ok)
          return apiError(
            decision.status,
            decision.code,
            `${decision.message}: open the dashboard link printed at start`,
          );
        return json(303, '', {
          location: '/dashboard',
          'content-type': 'text/plain',
          'set-cookie': `${COOKIE}=${token}; Path=/dashboard; HttpOnly; SameSite=Strict`,
          'cache-control': 'no-store',
        });
      },
    },
    {
      method: 'GET',
      pattern: /^\/dashboard\/data\.json$/,
      auth: 'none',
      handle: guarded(async () => json(200, await deps.dashboard.data(), { 'cache-control': 'no-store' })),
    },
  ];
}

async function refusal(request: ApiRequest, deps: DashboardRouteDeps): Promise<ApiResponse | undefined> {
  if (!isLoopbackHost(request.headers.host, deps.port())) return wrongHost();
  const token = cookieValue(request.headers.cookie, COOKIE);
  const authorization = request.headers.authorization ?? (token ? `Bearer ${token}` : undefined);
  const decision = await authorize(authorization, 'invoke', deps.verify);
  if (decision.ok) return undefined;
  return apiError(decision.status, decision.code, `${decision.message}: open the dashboard link printed at start`);
}

/** `127.0.0.1:<port>`, `localhost:<port>` or `[::1]:<port>`, and nothing else. */
export function isLoopbackHost(host: string | undefined, port: number): boolean {
  return LOOPBACK.some((name) => host?.toLowerCase() === `${name}:${port}`);
}

function wrongHost(): ApiResponse {
  return apiError(403, 'ForbiddenHost', 'the dashboard answers only 127.0.0.1, localhost or [::1] on its own port');
}

function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return value.join('=');
  }
  return undefined;
}
