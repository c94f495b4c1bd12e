// The evidence the judge reads, the same on both planes: per track and time stratum, request and
// error counts and a latency histogram (buckets of latency-histogram.ts).

export interface TrackCounts {
  readonly requests: number;
  readonly errors: number;
  /** Requests per latency bucket (LATENCY_BUCKETS long, or empty when there were none). */
  readonly latencyBuckets: readonly number[];
}

/** Candidate and stable over the same span of time, so a change that hits both cancels out. */
export interface EvidenceStratum {
  /** Start of the stratum, epoch ms. */
  readonly start: number;
  readonly candidate: TrackCounts;
  readonly stable: TrackCounts;
}

export const NO_COUNTS: TrackCounts = { requests: 0, errors: 0, latencyBuckets: [] };

/** Pairs two tracks' strata by start time; a stratum one track lacks counts zero there. */
export function pairStrata(
  candidate: readonly (TrackCounts & { readonly start: number })[],
  stable: readonly (TrackCounts & { readonly start: number })[],
): EvidenceStratum[] {
  const byStart = new Map<number, { candidate: TrackCounts; stable: TrackCounts }>();
  for (const c of candidate) byStart.set(c.start, { candidate: c, stable: NO_COUNTS });
  for (const s of stable) byStart.set(s.start, { candidate: byStart.get(s.start)?.candidate ?? NO_COUNTS, stable: s });
  return [...byStart.entries()].sort(([a], [b]) => a - b).map(([start, pair]) => ({ start, ...pair }));
}
