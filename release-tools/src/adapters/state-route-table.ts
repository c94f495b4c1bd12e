// TrafficRouter over any StateStore (key `routes`): locally the route table lives in the state dir
// next to the rollout records; on AWS (S3RouteTable) it is one S3 object. Same compare-and-swap.
import type { ModelRoute, RouteTable } from '../domain/route-table.ts';
import { StateConflictError, type StateStore } from '../ports/state-store.ts';
import type { TrafficRouter } from '../ports/traffic-router.ts';

export const ROUTES_KEY = 'routes';
const EMPTY: RouteTable = { routes: {} };

export class StateRouteTable implements TrafficRouter {
  constructor(
    private readonly store: StateStore,
    private readonly key = ROUTES_KEY,
  ) {}

  async readTable(): Promise<RouteTable> {
    return (await this.store.get<RouteTable>(this.key))?.value ?? EMPTY;
  }

  setRoute(route: ModelRoute): Promise<void> {
    return this.update((routes) => ({ ...routes, [route.model]: route }));
  }

  removeRoute(model: string): Promise<void> {
    return this.update(({ [model]: _gone, ...rest }) => rest);
  }

  private async update(change: (routes: RouteTable['routes']) => RouteTable['routes']): Promise<void> {
    // One table for every model: concurrent writers for different models must both land.
    for (let attempt = 0; attempt < 20; attempt++) {
      const current = await this.store.get<RouteTable>(this.key);
      const table = current?.value ?? EMPTY;
      try {
        await this.store.put(this.key, { routes: change(table.routes) } satisfies RouteTable, current?.version ?? null);
        return;
      } catch (error) {
        if (!(error instanceof StateConflictError)) throw error;
      }
    }
    throw new StateConflictError(this.key);
  }
}
