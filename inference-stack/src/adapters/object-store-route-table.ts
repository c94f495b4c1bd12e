// Reads the route table the controller writes (routes.json, a RouteTable document) through any
// ObjectStore: the S3 adapter in Lambda. A missing table means nothing is released yet.
import type { RouteTable } from '../../../release-tools/src/domain/route-table.ts';
import type { RouteTableSource } from '../domain/route-table-cache.ts';
import { getJson, type ObjectStore } from '../ports/object-store.ts';

export class ObjectStoreRouteTable implements RouteTableSource {
  constructor(
    private readonly store: ObjectStore,
    private readonly key: string,
  ) {}

  async readTable(): Promise<RouteTable> {
    const table = await getJson<RouteTable>(this.store, this.key);
    return table ?? { routes: {} };
  }
}
