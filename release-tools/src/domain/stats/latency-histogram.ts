// The latency histogram both planes record: fixed log-spaced buckets, four per doubling, from 1 ms
// to 2^16 ms (about 65 s) plus one overflow bucket. The layout is a durable format (CloudWatch
// metric dimensions name the buckets), so it is versioned; a new layout gets a new version and
// readers keep decoding the old labels.

export const LATENCY_HISTOGRAM_LAYOUT = 'log2/4-v1';
/** Buckets per doubling of latency: neighbours differ by 2^(1/4), about 19%. */
const PER_DOUBLING = 4;
const DOUBLINGS = 16;
/** Bucket i < LAST holds latencies in (2^((i-1)/4), 2^(i/4)] ms; bucket 0 holds everything <= 1 ms. */
export const LATENCY_BUCKETS = PER_DOUBLING * DOUBLINGS + 2;
const LAST = LATENCY_BUCKETS - 1;

/** Index of the bucket a latency falls in. */
export function latencyBucketOf(ms: number): number {
  if (!(ms > 1)) return 0;
  // The small epsilon keeps exact powers (2^(i/4)) in their own bucket despite rounding in log2.
  const i = Math.ceil(PER_DOUBLING * Math.log2(ms) - 1e-9);
  return Math.min(LAST, i);
}

/** Upper bound of bucket i in ms (Infinity for the overflow bucket). */
export function latencyBucketUpperMs(i: number): number {
  return i >= LAST ? Number.POSITIVE_INFINITY : 2 ** (i / PER_DOUBLING);
}

/** The bucket's name on the wire (CloudWatch dimension `Bucket`): its upper bound, e.g. `le=1.189`. */
export function latencyBucketLabel(i: number): string {
  return i >= LAST ? 'le=+Inf' : `le=${Number(latencyBucketUpperMs(i).toPrecision(4))}`;
}

const LABELS = new Map(Array.from({ length: LATENCY_BUCKETS }, (_, i) => [latencyBucketLabel(i), i]));

/** The bucket index a label names, or undefined for a label of another layout. */
export function latencyBucketOfLabel(label: string): number | undefined {
  return LABELS.get(label);
}

export function emptyHistogram(): number[] {
  return new Array<number>(LATENCY_BUCKETS).fill(0);
}

/** Nearest-rank percentile read off a histogram: the upper bound of the bucket holding that rank. */
export function histogramPercentile(counts: readonly number[], p: number): number | undefined {
  const total = counts.reduce((a, b) => a + b, 0);
  if (total === 0) return undefined;
  const rank = Math.max(1, Math.ceil((p / 100) * total));
  let seen = 0;
  for (let i = 0; i < counts.length; i++) {
    seen += counts[i]!;
    if (seen >= rank) return latencyBucketUpperMs(i);
  }
  return undefined;
}
