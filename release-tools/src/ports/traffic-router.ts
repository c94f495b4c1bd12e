// Traffic port shaped by the domain: set or read one model's route. Adapters: route table object
// in S3 (AWS) or in the local state dir.
import type { ModelRoute, RouteTable } from '../domain/route-table.ts';

export interface TrafficRouter {
  setRoute(route: ModelRoute): Promise<void>;
  removeRoute(model: string): Promise<void>;
  /** The whole table, as the inference worker reads it. */
  readTable(): Promise<RouteTable>;
}
