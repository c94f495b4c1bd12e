// What the request handlers need from the route table: one model's route (cached with a TTL).
import type { ModelRoute } from '../../../release-tools/src/domain/route-table.ts';

export interface RouteLookup {
  route(model: string): Promise<ModelRoute | undefined>;
}
