// Shadow releases' pair store on S3 (S3MirrorStore) over a simulated S3 behind the real S3Client
// (p50 20 ms, p99 100 ms): a 30-minute shadow mirroring 5 requests a second (10% of 50 req/s), the
// worker flushing one batch per invocation. Reports the PUTs the batching saves against one object
// per pair, and what the controller's divergence gate costs per tick: a cold container (every batch
// of the window, at most 1,000 GETs a tick), and a warm one (the batches since its last tick, listed
// from its newest key less 2 minutes), in requests and milliseconds.
import { mulberry32 } from '../local/src/example-models/prng.ts';
import { S3MirrorStore } from '../release-tools/src/adapters/aws/s3-mirror-store.ts';
import { logNormalLatency, SimulatedS3 } from '../release-tools/test/support/simulated-s3.ts';
import type { BenchRow } from './bench-row.ts';

const PAIRS_PER_SECOND = 5;
const DURATION_MS = 30 * 60_000;
/** Worker batches of 10 requests, 1 in 10 mirrored: about one pair per invocation, at most a few. */
const PAIRS_PER_BATCH = [1, 1, 1, 2, 1, 1, 3, 1, 1, 2];
const START = Date.UTC(2026, 11, 3, 12);

export default async function run(): Promise<BenchRow[]> {
  const random = mulberry32(18);
  const s3 = new SimulatedS3({ latencyMs: logNormalLatency(20, 100, random), random });
  const client = s3.client();
  const clock = { now: START };
  const total = (PAIRS_PER_SECOND * DURATION_MS) / 1000;
  let written = 0;
  let batch = 0;
  // Written without latency (the simulated S3 still counts): only the reads are timed.
  const writer = new SimulatedS3();
  const writerSink = new S3MirrorStore({ client: writer.client(), bucket: 'data', now: () => clock.now });
  while (written < total) {
    const n = Math.min(PAIRS_PER_BATCH[batch++ % PAIRS_PER_BATCH.length]!, total - written);
    clock.now = START + Math.round(((written + n) / total) * DURATION_MS);
    for (let i = 0; i < n; i++)
      writerSink.pair({
        model: 'churn',
        stableVersion: '1.0.0',
        candidateVersion: '1.1.0',
        requestId: `r${written + i}`,
        maxAbsDiff: random() * 0.01,
        disagree: false,
        at: clock.now - 1,
      });
    await writerSink.flush();
    written += n;
  }
  for (const [k, v] of writer.objects) s3.objects.set(k, v);
  const puts = writer.counts.put;

  const query = { model: 'churn', candidateVersion: '1.1.0', since: START, until: START + DURATION_MS };
  const reader = new S3MirrorStore({ client, bucket: 'data' });
  s3.resetCounts();
  let started = performance.now();
  let cold = await reader.pairs(query);
  const coldMs = performance.now() - started;
  const coldRequests = s3.counts.get + s3.counts.list;
  const coldLists = s3.counts.list;
  const coldPairs = cold.pairs.length;
  // The next ticks of that container, until it has read the whole window.
  let ticksToAll = 1;
  while (cold.pairs.length < total && ticksToAll < 20) {
    cold = await reader.pairs(query);
    ticksToAll++;
  }
  // A minute later: 300 more pairs in 200 more batches.
  const next = new S3MirrorStore({ client, bucket: 'data', now: () => clock.now });
  for (let i = 0; i < 200; i++) {
    clock.now += 300;
    next.pair({
      model: 'churn',
      stableVersion: '1.0.0',
      candidateVersion: '1.1.0',
      requestId: `late${i}`,
      disagree: false,
      maxAbsDiff: 0,
      at: clock.now - 1,
    });
    await next.flush();
  }
  s3.resetCounts();
  started = performance.now();
  const warm = await reader.pairs({ ...query, until: clock.now });
  const warmMs = performance.now() - started;
  if (cold.pairs.length !== total || warm.pairs.length !== total + 200)
    throw new Error(`read ${cold.pairs.length}/${warm.pairs.length} pairs, wrote ${total}/${total + 200}`);
  const notes = `${total} pairs in ${puts} batches over 30 min; S3 p50 20 ms, p99 100 ms`;
  return [
    {
      name: 'shadow pair store: S3 PUTs per 1,000 pairs (1 object per pair: 1,000)',
      value: Math.round((puts / total) * 1000),
      unit: 'PUTs',
      notes: `one batch per worker invocation, ${notes}`,
    },
    {
      name: 'shadow pair store: cold controller tick, 30-min window',
      value: coldMs,
      unit: 'ms',
      target: '<= 5000',
      ok: coldMs <= 5000,
      notes: `${coldRequests} requests (${coldLists} LIST pages, at most 1,000 GETs, 32 at once): ${coldPairs} pairs; all ${total} after ${ticksToAll} ticks`,
    },
    {
      name: 'shadow pair store: warm controller tick, 200 new batches',
      value: warmMs,
      unit: 'ms',
      target: '<= 5000',
      ok: warmMs <= 5000,
      notes: `${s3.counts.get + s3.counts.list} requests (${s3.counts.list} LIST pages): only new batches are read`,
    },
  ];
}
