// The route table: per model, which versions get traffic and how. The controller writes it; the
// inference worker reads it (cached with a short TTL). Changing it is how traffic shifts and
// rollbacks take effect in seconds.
import type { StickyKey } from '../../../model-registry/src/domain/manifest/types.ts';

export type Track = 'stable' | 'candidate';

export interface RouteTarget {
  readonly version: string;
  /** Artifact key, passed to the model host as TargetModel. */
  readonly targetModel: string;
  /**
   * A single-model (Neo-compiled) version: the production variant serving it, invoked by
   * TargetVariant instead of TargetModel. Absent in tables written before it existed (all MME).
   */
  readonly targetVariant?: string;
}

export interface ModelRoute {
  readonly model: string;
  readonly stable: RouteTarget;
  readonly candidate?: RouteTarget;
  /** Percent of requests (0..100) sent to the candidate. */
  readonly candidateWeight: number;
  /** weighted: each request drawn at random; sticky: hash of a request key (A/B). */
  readonly mode: 'weighted' | 'sticky';
  readonly sticky?: StickyKey;
  /**
   * Percent (1..100) of the requests stable answers that are also sent to the candidate, whose
   * answer only the divergence gate sees (shadow). Absent in tables written before shadows: none.
   */
  readonly mirror?: number;
}

/**
 * Stored as routes.json. Tables written before the `revision` counter was dropped still carry it;
 * readers ignore it (nothing ever read it: the state store's version does its job).
 */
export interface RouteTable {
  readonly routes: Readonly<Record<string, ModelRoute>>;
}
