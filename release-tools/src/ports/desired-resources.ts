// What a model needs beyond its rollout record, made to follow the desired state at run time: its
// gate alarms, its dashboard and its entry in the API's catalog. The controller syncs them every
// tick and starts no traffic on a candidate whose gate alarms are not in place.
import type { Manifest } from '../../../model-registry/src/domain/manifest/types.ts';

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
  sync(manifest: Manifest): Promise<ResourceSync>;
}
