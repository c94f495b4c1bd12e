// The local metric store: invocations per model/track/version in fixed time buckets, each with
// request and error counts, the fixed log-bucket latency histogram the judge reads (the same
// evidence CloudWatch holds on AWS) and a bounded latency reservoir for percentiles; old buckets
// are dropped, so memory stays bounded under any load.
import { percentile, percentileOfUnsorted } from '../../domain/percentile.ts';
import type { Track } from '../../domain/route-table.ts';
import { emptyHistogram, latencyBucketOf } from '../../domain/stats/latency-histogram.ts';
import type {
  InvocationRecord,
  MetricSink,
  MetricsReader,
  MetricWindow,
  StratumCounts,
  WindowQuery,
} from '../../ports/metrics.ts';

export interface MetricStoreOptions {
  /** @default 10_000 */
  readonly bucketMs?: number;
  /** Latency samples kept per bucket. @default 512 */
  readonly reservoirSize?: number;
  /** Buckets older than this (behind the newest record) are dropped. @default 3_600_000 */
  readonly retentionMs?: number;
  /** Latency samples returned by window() for the judge. @default 5_000 */
  readonly maxWindowSamples?: number;
  /** @default Math.random */
  readonly random?: () => number;
}

interface Bucket {
  count: number;
  errors: number;
  seen: number;
  readonly samples: number[];
  readonly histogram: number[];
}

export interface Period {
  readonly start: number;
  readonly count: number;
  readonly errors: number;
  readonly p99Ms: number | undefined;
}

export interface TrackBucket {
  readonly model: string;
  readonly track: Track;
  readonly version: string;
  /** Bucket start, epoch ms. */
  readonly at: number;
  readonly requests: number;
  readonly errors: number;
  readonly p50Ms: number | undefined;
  readonly p99Ms: number | undefined;
}

export class MemoryMetricStore implements MetricSink, MetricsReader {
  private readonly series = new Map<string, Map<number, Bucket>>();
  private readonly bucketMs: number;
  private readonly reservoirSize: number;
  private readonly retentionMs: number;
  private readonly maxWindowSamples: number;
  private readonly random: () => number;
  private newest = 0;

  constructor(options: MetricStoreOptions = {}) {
    this.bucketMs = options.bucketMs ?? 10_000;
    this.reservoirSize = options.reservoirSize ?? 512;
    this.retentionMs = options.retentionMs ?? 3_600_000;
    this.maxWindowSamples = options.maxWindowSamples ?? 5_000;
    this.random = options.random ?? Math.random;
  }

  record(inv: InvocationRecord): void {
    const key = `${inv.model}\u0000${inv.track}\u0000${inv.version}`;
    let buckets = this.series.get(key);
    if (!buckets) {
      buckets = new Map();
      this.series.set(key, buckets);
    }
    const start = Math.floor(inv.at / this.bucketMs) * this.bucketMs;
    let bucket = buckets.get(start);
    if (!bucket) {
      bucket = { count: 0, errors: 0, seen: 0, samples: [], histogram: emptyHistogram() };
      buckets.set(start, bucket);
    }
    bucket.count++;
    if (inv.error) bucket.errors++;
    bucket.histogram[latencyBucketOf(inv.latencyMs)]!++;
    // Reservoir sampling (Algorithm R): every latency has the same chance to be kept.
    bucket.seen++;
    if (bucket.samples.length < this.reservoirSize) bucket.samples.push(inv.latencyMs);
    else {
      const slot = Math.floor(this.random() * bucket.seen);
      if (slot < this.reservoirSize) bucket.samples[slot] = inv.latencyMs;
    }
    // Sweep at most once per bucket of time, not on every record.
    if (inv.at > this.newest + this.bucketMs) {
      this.newest = inv.at;
      this.evict(inv.at);
    }
  }

  async window(q: WindowQuery): Promise<MetricWindow> {
    const buckets = this.bucketsOf(q, q.since, q.until);
    let count = 0;
    let errors = 0;
    let samples: number[] = [];
    for (const b of buckets) {
      count += b.count;
      errors += b.errors;
      for (const v of b.samples) samples.push(v);
    }
    if (samples.length > this.maxWindowSamples) samples = samples.slice(-this.maxWindowSamples);
    // Selection, not a sort: the controller reads these windows at every tick.
    const scratch = Float64Array.from(samples);
    const p50Ms = percentileOfUnsorted(scratch, 50);
    return { count, errors, p50Ms, p99Ms: percentileOfUnsorted(scratch, 99), latencySamplesMs: samples };
  }

  async strata(q: WindowQuery): Promise<StratumCounts[]> {
    const byStart = new Map<number, { requests: number; errors: number; latencyBuckets: number[] }>();
    for (const [start, b] of this.bucketsWithStart(q, q.since, q.until)) {
      let stratum = byStart.get(start);
      if (!stratum) {
        stratum = { requests: 0, errors: 0, latencyBuckets: emptyHistogram() };
        byStart.set(start, stratum);
      }
      stratum.requests += b.count;
      stratum.errors += b.errors;
      for (let i = 0; i < b.histogram.length; i++) stratum.latencyBuckets[i]! += b.histogram[i]!;
    }
    return [...byStart.entries()].sort(([a], [b]) => a - b).map(([start, counts]) => ({ start, ...counts }));
  }

  /** Every bucket since `since`, per model, track and version (the dashboard's series). */
  buckets(since: number): TrackBucket[] {
    const found: TrackBucket[] = [];
    for (const [key, buckets] of this.series) {
      const [model, track, version] = key.split('\u0000') as [string, Track, string];
      for (const [start, b] of buckets) {
        if (start < since) continue;
        const sorted = [...b.samples].sort((x, y) => x - y);
        found.push({
          model,
          track,
          version,
          at: start,
          requests: b.count,
          errors: b.errors,
          p50Ms: percentile(sorted, 50),
          p99Ms: percentile(sorted, 99),
        });
      }
    }
    return found;
  }

  /** Per-period aggregates for the alarm evaluator: `periods` periods ending at `until`, oldest first. */
  periodsOf(q: Omit<WindowQuery, 'since' | 'until'>, periodMs: number, periods: number, until: number): Period[] {
    const end = Math.floor(until / periodMs) * periodMs;
    return Array.from({ length: periods }, (_, i) => {
      const start = end - (periods - i) * periodMs;
      const buckets = this.bucketsOf(q, start, start + periodMs - 1);
      let count = 0;
      let errors = 0;
      let kept = 0;
      for (const b of buckets) {
        count += b.count;
        errors += b.errors;
        kept += b.samples.length;
      }
      const samples = new Float64Array(kept);
      kept = 0;
      for (const b of buckets) {
        samples.set(b.samples, kept);
        kept += b.samples.length;
      }
      return { start, count, errors, p99Ms: percentileOfUnsorted(samples, 99) };
    });
  }

  private bucketsOf(q: Omit<WindowQuery, 'since' | 'until'>, since: number, until: number): Bucket[] {
    return this.bucketsWithStart(q, since, until).map(([, bucket]) => bucket);
  }

  private bucketsWithStart(q: Omit<WindowQuery, 'since' | 'until'>, since: number, until: number): [number, Bucket][] {
    const prefix = `${q.model}\u0000${q.track}\u0000`;
    const from = Math.floor(since / this.bucketMs) * this.bucketMs;
    const found: [number, Bucket][] = [];
    const steps = Math.floor((until - from) / this.bucketMs) + 1;
    for (const [key, buckets] of this.series) {
      if (!key.startsWith(prefix)) continue;
      if (q.version !== undefined && key !== `${prefix}${q.version}`) continue;
      // Buckets start on multiples of bucketMs: a short span (an alarm period, a canary) is read by
      // looking its buckets up, not by walking the whole retention (the alarms ask at every tick).
      if (steps < buckets.size) {
        for (let start = from; start <= until; start += this.bucketMs) {
          const bucket = buckets.get(start);
          if (bucket) found.push([start, bucket]);
        }
      } else for (const [start, bucket] of buckets) if (start >= from && start <= until) found.push([start, bucket]);
    }
    return found;
  }

  private evict(now: number): void {
    for (const [key, buckets] of this.series) {
      for (const start of buckets.keys()) if (start < now - this.retentionMs) buckets.delete(start);
      if (buckets.size === 0) this.series.delete(key);
    }
  }
}
