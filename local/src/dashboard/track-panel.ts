// One track (stable or candidate) of one model on the dashboard: its weight, totals and time series.

export interface MetricBucketInput {
  readonly model: string;
  readonly track: 'stable' | 'candidate';
  /** Bucket start, epoch ms. */
  readonly at: number;
  readonly requests: number;
  readonly errors: number;
  readonly p50Ms?: number;
  readonly p99Ms?: number;
}

export interface SeriesPoint {
  readonly at: number;
  readonly requests: number;
  readonly errors: number;
  /** errors / requests as a fraction 0..1; null when the bucket saw no request. */
  readonly errorRate: number | null;
  readonly p50Ms: number | null;
  readonly p99Ms: number | null;
}

export interface TrackTotals {
  readonly requests: number;
  readonly errors: number;
  readonly errorRate: number | null;
  /** Latency of the most recent bucket that has one. */
  readonly p50Ms: number | null;
  readonly p99Ms: number | null;
}

export interface TrackPanel {
  readonly version: string;
  /** Percent (0..100) of requests this track receives. */
  readonly weight: number;
  readonly totals: TrackTotals;
  /** Oldest first, one point per bucket start. */
  readonly series: readonly SeriesPoint[];
}

export function buildTrackPanel(
  version: string,
  weight: number,
  buckets: readonly MetricBucketInput[],
  track: 'stable' | 'candidate',
): TrackPanel {
  const series = mergeByStart(buckets.filter((b) => b.track === track));
  const requests = series.reduce((sum, p) => sum + p.requests, 0);
  const errors = series.reduce((sum, p) => sum + p.errors, 0);
  const latest = (pick: (p: SeriesPoint) => number | null) =>
    series.map(pick).findLast((value): value is number => value !== null) ?? null;
  return {
    version,
    weight,
    totals: {
      requests,
      errors,
      errorRate: rate(errors, requests),
      p50Ms: latest((p) => p.p50Ms),
      p99Ms: latest((p) => p.p99Ms),
    },
    series,
  };
}

function mergeByStart(buckets: readonly MetricBucketInput[]): SeriesPoint[] {
  const byStart = new Map<number, SeriesPoint>();
  for (const b of buckets) {
    const point = toPoint(b);
    const seen = byStart.get(b.at);
    byStart.set(b.at, seen ? merge(seen, point) : point);
  }
  return [...byStart.values()].sort((a, b) => a.at - b.at);
}

function toPoint(b: MetricBucketInput): SeriesPoint {
  const requests = count(b.requests);
  const errors = Math.min(count(b.errors), requests);
  return { at: b.at, requests, errors, errorRate: rate(errors, requests), p50Ms: ms(b.p50Ms), p99Ms: ms(b.p99Ms) };
}

// Percentiles of two partial buckets cannot be combined exactly; the larger one never hides a slow candidate.
function merge(a: SeriesPoint, b: SeriesPoint): SeriesPoint {
  const requests = a.requests + b.requests;
  const errors = a.errors + b.errors;
  return {
    at: a.at,
    requests,
    errors,
    errorRate: rate(errors, requests),
    p50Ms: maxOrNull(a.p50Ms, b.p50Ms),
    p99Ms: maxOrNull(a.p99Ms, b.p99Ms),
  };
}

function rate(errors: number, requests: number): number | null {
  return requests > 0 ? errors / requests : null;
}

function count(value: number): number {
  return Number.isFinite(value) && value > 0 ? Math.floor(value) : 0;
}

function ms(value: number | undefined): number | null {
  return value !== undefined && Number.isFinite(value) && value >= 0 ? value : null;
}

function maxOrNull(a: number | null, b: number | null): number | null {
  if (a === null) return b;
  return b === null ? a : Math.max(a, b);
}
