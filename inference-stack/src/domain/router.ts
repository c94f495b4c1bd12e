// Picks the version that serves one request. Weighted mode draws at random (canary/linear);
// sticky mode hashes a request key so the same user always lands on the same side (A/B).
import type { StickyKey } from '../../../model-registry/src/domain/manifest/types.ts';
import type { ModelRoute, Track } from '../../../release-tools/src/domain/route-table.ts';
import { stableHash } from './stable-hash.ts';

/** What the router may look at in a request: lower-cased headers and top-level body fields. */
export interface RoutingContext {
  readonly headers?: Readonly<Record<string, string | undefined>>;
  readonly fields?: Readonly<Record<string, unknown>>;
}

export interface RouteDecision {
  readonly track: Track;
  readonly version: string;
  readonly targetModel: string;
  /** Set for a single-model (Neo-compiled) version: invoke this production variant (TargetVariant). */
  readonly targetVariant?: string;
}

/** What the model host needs besides TargetModel: the variant of a single-model version. */
export function invokeOptions(decision: RouteDecision): { readonly targetVariant?: string } {
  return decision.targetVariant ? { targetVariant: decision.targetVariant } : {};
}

/** Returns a number in [0, 1). */
export type RandomSource = () => number;

export function route(modelRoute: ModelRoute, request: RoutingContext, random: RandomSource): RouteDecision {
  const { candidate, stable } = modelRoute;
  const weight = clampPercent(modelRoute.candidateWeight);
  // No candidate or no weight: everything on stable, and no random draw is spent.
  if (!candidate || weight === 0) return { track: 'stable', ...stable };
  if (weight === 100) return { track: 'candidate', ...candidate };
  const key = modelRoute.mode === 'sticky' && modelRoute.sticky ? stickyValue(modelRoute.sticky, request) : undefined;
  // A sticky key maps to a fixed bucket in [0, 100); without one the request is drawn at random.
  const bucket = key === undefined ? random() * 100 : (stableHash(`${modelRoute.model}\u0000${key}`) / 2 ** 32) * 100;
  return bucket < weight ? { track: 'candidate', ...candidate } : { track: 'stable', ...stable };
}

export function stickyValue(sticky: StickyKey, request: RoutingContext): string | undefined {
  const raw = sticky.source === 'header' ? request.headers?.[sticky.name.toLowerCase()] : request.fields?.[sticky.name];
  if (typeof raw === 'string') return raw.length > 0 ? raw : undefined;
  // Number.isFinite is false for anything but a finite number (no coercion).
  if (Number.isFinite(raw)) return String(raw);
  return undefined;
}

function clampPercent(weight: number): number {
  if (!Number.isFinite(weight)) return 0;
  return Math.min(100, Math.max(0, weight));
}

/**
 * The candidate a request stable answers is mirrored to (shadow), or undefined. The draw is spent
 * only while a mirror is set, so routes without one see the same random sequence as before.
 */
export function mirrorOf(
  modelRoute: ModelRoute,
  decision: RouteDecision,
  random: RandomSource,
): RouteDecision | undefined {
  const { candidate, mirror } = modelRoute;
  if (!candidate || !mirror || decision.track !== 'stable') return undefined;
  return random() * 100 < clampPercent(mirror) ? { track: 'candidate', ...candidate } : undefined;
}
