// In-memory TrafficRouter for standalone runs and tests; the controller's own route-table adapter
// replaces it when wired.
import type { ModelRoute, RouteTable } from '../../release-tools/src/domain/route-table.ts';
import type { TrafficRouter } from '../../release-tools/src/ports/traffic-router.ts';

export class MemoryTrafficRouter implements TrafficRouter {
  private table: RouteTable = { revision: 0, routes: {} };

  async setRoute(route: ModelRoute): Promise<void> {
    this.table = { revision: this.table.revision + 1, routes: { ...this.table.routes, [route.model]: route } };
  }

  async removeRoute(model: string): Promise<void> {
    const { [model]: _removed, ...routes } = this.table.routes;
    this.table = { revision: this.table.revision + 1, routes };
  }

  async readTable(): Promise<RouteTable> {
    return this.table;
  }
}
