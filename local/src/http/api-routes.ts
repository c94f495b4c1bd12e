import { json } from '../../../inference-stack/src/handlers/api.ts';
import { type GetPredictionDeps, getPrediction } from '../../../inference-stack/src/handlers/get-prediction.ts';
import { type InvokeSyncDeps, invokeSync } from '../../../inference-stack/src/handlers/invoke-sync.ts';
import { type SubmitDeps, submitPrediction } from '../../../inference-stack/src/handlers/submit.ts';
import type { RouteTable } from '../../../release-tools/src/domain/route-table.ts';
import { type DashboardRouteDeps, dashboardRoutes } from '../dashboard/dashboard-routes.ts';
import type { DeadLetterLane, RedriveOutcome, RedriveSelection } from '../dead-letters.ts';
import { readOnlyMessage } from '../disk-space/write-admission.ts';
import type { HttpRoute } from './http-server.ts';
import { parseRedriveSelection } from './redrive-selection.ts';

export interface ApiRouteDeps {
  readonly submit: SubmitDeps;
  readonly get: GetPredictionDeps;
  readonly invoke: InvokeSyncDeps;
  readonly models: () => { name: string; version: string }[];
  readonly routeTable: () => Promise<RouteTable>;
  /** Why the platform is read-only now (its state dir cannot be written); undefined when it writes. */
  readonly readOnly?: () => string | undefined;
  /** Runs the controller now (admin). */
  readonly reconcile: () => Promise<unknown>;
  readonly deadLetters: () => Promise<DeadLetterLane[]>;
  readonly redrive: (selection: RedriveSelection) => Promise<RedriveOutcome>;
  /** The dashboard, and what its token check needs (dashboard-routes.ts). */
  readonly dashboard?: Omit<DashboardRouteDeps, 'dashboard'> & { readonly source: DashboardRouteDeps['dashboard'] };
}

const MODEL = '(?<model>[^/]+)';

export function apiRoutes(deps: ApiRouteDeps): HttpRoute[] {
  const routes: HttpRoute[] = [
    {
      method: 'GET',
      pattern: /^\/healthz$/,
      auth: 'none',
      // Read-only still serves (200), and says why and how it ends.
      handle: async () => {
        const readOnly = deps.readOnly?.();
        return json(
          200,
          readOnly ? { status: 'read-only', reason: readOnly, message: readOnlyMessage(readOnly) } : { status: 'ok' },
        );
      },
    },
    {
      method: 'POST',
      pattern: new RegExp(`^/v1/models/${MODEL}/predictions$`),
      auth: 'invoke',
      writes: true,
      handle: (request) => submitPrediction(request, deps.submit),
    },
    {
      method: 'POST',
      pattern: new RegExp(`^/v1/models/${MODEL}/invoke$`),
      auth: 'invoke',
      handle: (request) => invokeSync(request, deps.invoke),
    },
    {
      method: 'GET',
      pattern: /^\/v1\/predictions\/(?<id>[^/]+)$/,
      auth: 'invoke',
      handle: (request) => getPrediction(request, deps.get),
    },
    {
      method: 'GET',
      pattern: /^\/v1\/models$/,
      auth: 'invoke',
      handle: async () => json(200, { models: deps.models() }),
    },
    {
      method: 'GET',
      pattern: /^\/v1\/admin\/routes$/,
      auth: 'admin',
      handle: async () => json(200, await deps.routeTable()),
    },
    {
      method: 'POST',
      pattern: /^\/v1\/admin\/reconcile$/,
      auth: 'admin',
      writes: true,
      handle: async () => json(200, { result: (await deps.reconcile()) ?? null }),
    },
    {
      method: 'GET',
      pattern: /^\/v1\/admin\/dlq$/,
      auth: 'admin',
      handle: async () => json(200, { lanes: await deps.deadLetters() }),
    },
    {
      method: 'POST',
      pattern: /^\/v1\/admin\/dlq\/redrive$/,
      auth: 'admin',
      writes: true,
      handle: async (request) => {
        const lanes = (await deps.deadLetters()).map((l) => l.lane);
        const parsed = parseRedriveSelection(request.body, lanes);
        return parsed.ok ? json(200, await deps.redrive(parsed.selection)) : parsed.response;
      },
    },
  ];
  if (deps.dashboard) routes.push(...dashboardRoutes({ ...deps.dashboard, dashboard: deps.dashboard.source }));
  return routes;
}
