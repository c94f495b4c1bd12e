// What a model needs beyond its rollout record, made to follow the desired state at run time: its
// gate alarms, its dashboard and its entry in the API's catalog. The controller syncs them every
// tick and starts no traffic on a candidate whose gate alarms are not in place.
import type { Manifest } from '../../../model-registry/src/domain/manifest/types.ts';
import type { RouteTable } from '../domain/route-table.ts';

export interface ResourceSync {
  /** Models whose gate alarms exist as the manifest renders them. */
  readonly gated: ReadonlySet<string>;
  /** Models whose alarms and dashboard were (re)written in this sync. */
  readonly applied: readonly string[];
  /** Retired models whose alarms and dashboard were deleted. */
  readonly removed: readonly string[];
  /** One line per failure; the failed parts are retried at the next sync. */
  readonly errors: readonly string[];
}

export interface DesiredResources {
  /**
   * `routes` (the table as this tick read it) says which models serve a version other than the
   * declared one; the catalog gives those stable's signature, as their callers are routed to it.
   */
  sync(manifest: Manifest, routes?: RouteTable): Promise<ResourceSync>;
}
