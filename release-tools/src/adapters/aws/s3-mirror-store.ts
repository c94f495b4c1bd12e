// Mirrored pairs on S3 (the data bucket's mirror/ prefix): the data plane's Lambdas buffer a
// invocation's pairs and drops and write them as one object per model and candidate version when
// the invocation ends (one PUT per batch, not per request: at 5 pairs/s a shadow costs ~1 PUT/s per
// worker batch instead of 5); the controller lists a model's objects from the start of its window
// and reads each once. Keys sort by the time the batch was written:
//   mirror/<model>/<candidateVersion>/<writtenAt, 13 digits>-<batch id>.json
// and a batch is written after all its pairs, so listing from StartAfter=<since> misses none of the
// window's pairs. Objects are written once (IfNoneMatch), so the reader caches them for the life of
// the container: a warm controller lists only the last minutes and GETs only the new batches; a cold
// one reads at most maxReadsPerQuery batches a tick, oldest first (bench/mirror-s3.bench.ts).
import { randomUUID } from 'node:crypto';
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { mapLimited } from '../../controller/map-limited.ts';
import { decodeMirrorBatch, encodeMirrorBatch, MIRROR_PREFIX, type MirrorBatch } from '../../domain/mirror-batch.ts';
import type {
  BufferedMirrorSink,
  MirrorDrop,
  MirrorEvidence,
  MirroredPair,
  MirrorQuery,
  MirrorReader,
} from '../../ports/mirrored-pairs.ts';

export type S3MirrorStoreOptions = {
  readonly bucket: string;
  /** @default MIRROR_PREFIX ('mirror/') */
  readonly prefix?: string;
  /** Epoch ms; stamps each batch's key. @default Date.now */
  readonly now?: () => number;
  /** Makes keys of batches written in the same millisecond distinct. @default randomUUID */
  readonly newId?: () => string;
  /** Batches the reader keeps parsed (they never change). @default 20_000 */
  readonly cachedBatches?: number;
  /** GETs one read of a window makes at most; the rest are read by the next ones. @default 1_000 */
  readonly maxReadsPerQuery?: number;
} & ({ readonly client: S3Client } | { readonly region?: string });

interface PendingBatch {
  readonly model: string;
  readonly candidateVersion: string;
  readonly pairs: MirroredPair[];
  readonly drops: number[];
}

/** GETs at once while reading a window. */
const READ_CONCURRENCY = 32;
/**
 * How far before its newest key a warm reader lists again: a batch's key is stamped before its PUT,
 * so one whose PUT took long (or whose Lambda's clock is behind) can land after a later key.
 */
export const LIST_GRACE_MS = 120_000;

export class S3MirrorStore implements BufferedMirrorSink, MirrorReader {
  private readonly client: S3Client;
  private readonly bucket: string;
  private readonly prefix: string;
  private readonly now: () => number;
  private readonly newId: () => string;
  private readonly cachedBatches: number;
  private readonly pending = new Map<string, PendingBatch>();
  private readonly cache = new Map<string, MirrorBatch>();
  /** Per model and candidate version: the keys listed so far and the newest one's time. */
  private readonly known = new Map<string, { keys: Set<string>; newestAt: number }>();
  private readonly maxReads: number;

  constructor(options: S3MirrorStoreOptions) {
    this.client = 'client' in options ? options.client : new S3Client(options.region ? { region: options.region } : {});
    this.bucket = options.bucket;
    this.prefix = options.prefix ?? MIRROR_PREFIX;
    this.now = options.now ?? Date.now;
    this.newId = options.newId ?? randomUUID;
    this.cachedBatches = options.cachedBatches ?? 20_000;
    this.maxReads = options.maxReadsPerQuery ?? 1_000;
  }

  pair(pair: MirroredPair): void {
    this.pendingOf(pair.model, pair.candidateVersion).pairs.push(pair);
  }

  dropped(drop: MirrorDrop): void {
    this.pendingOf(drop.model, drop.candidateVersion).drops.push(drop.at);
  }

  /** Writes what was buffered, one object per model and candidate version. */
  async flush(): Promise<void> {
    const batches = [...this.pending.values()];
    this.pending.clear();
    const writtenAt = this.now();
    await Promise.all(
      batches.map(async ({ model, candidateVersion, pairs, drops }) => {
        const key = `${this.prefixOf(model, candidateVersion)}${pad(writtenAt)}-${this.newId()}.json`;
        await this.client.send(
          new PutObjectCommand({
            Bucket: this.bucket,
            Key: key,
            Body: encodeMirrorBatch({ model, candidateVersion, writtenAt, pairs, drops }),
            ContentType: 'application/json',
            IfNoneMatch: '*',
          }),
        );
      }),
    );
  }

  async pairs(q: MirrorQuery): Promise<MirrorEvidence> {
    const prefix = this.prefixOf(q.model, q.candidateVersion);
    const known = this.knownOf(prefix);
    // A batch written before `since` holds only pairs from before it. A warm reader lists only the
    // tail: from its newest key less LIST_GRACE_MS, for a batch whose PUT landed after a later key.
    const from = Math.max(q.since, known.newestAt - LIST_GRACE_MS);
    for (const key of await this.listFrom(prefix, `${prefix}${pad(from)}`)) {
      known.keys.add(key);
      known.newestAt = Math.max(known.newestAt, writtenAtOf(key, prefix));
    }
    const inRange = [...known.keys].filter((k) => writtenAtOf(k, prefix) >= q.since).sort();
    // Oldest first, at most maxReads GETs: a cold container over a long shadow catches up over a
    // few ticks (each on a valid subset: the gate's sequential test holds at any sample size).
    const toRead = inRange.filter((k) => !this.cache.has(k)).slice(0, this.maxReads);
    await mapLimited(toRead, READ_CONCURRENCY, (key) => this.read(key));
    const batches = inRange.flatMap((k) => this.cache.get(k) ?? []);
    const inWindow = (at: number) => at >= q.since && at <= q.until;
    return {
      pairs: batches
        .flatMap((b) => b.pairs.filter((p) => inWindow(p.at)))
        .sort((a, b) => a.at - b.at || a.requestId.localeCompare(b.requestId)),
      dropped: batches.reduce((n, b) => n + b.drops.filter(inWindow).length, 0),
    };
  }

  private knownOf(prefix: string): { keys: Set<string>; newestAt: number } {
    let known = this.known.get(prefix);
    if (!known) {
      known = { keys: new Set(), newestAt: Number.NEGATIVE_INFINITY };
      this.known.set(prefix, known);
    }
    return known;
  }

  private async read(key: string): Promise<MirrorBatch> {
    const cached = this.cache.get(key);
    if (cached) return cached;
    const out = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
    const batch = decodeMirrorBatch(await out.Body!.transformToString(), `s3://${this.bucket}/${key}`);
    this.cache.set(key, batch);
    // Oldest first out: a long-lived container reading many shadows stays bounded.
    if (this.cache.size > this.cachedBatches) this.cache.delete(this.cache.keys().next().value!);
    return batch;
  }

  private async listFrom(prefix: string, startAfter: string): Promise<string[]> {
    const keys: string[] = [];
    let token: string | undefined;
    do {
      const out = await this.client.send(
        new ListObjectsV2Command({
          Bucket: this.bucket,
          Prefix: prefix,
          ...(token ? { ContinuationToken: token } : { StartAfter: startAfter }),
        }),
      );
      for (const item of out.Contents ?? []) if (item.Key?.endsWith('.json')) keys.push(item.Key);
      token = out.IsTruncated ? out.NextContinuationToken : undefined;
    } while (token);
    return keys;
  }

  private pendingOf(model: string, candidateVersion: string): PendingBatch {
    const id = `${model}\u0000${candidateVersion}`;
    let batch = this.pending.get(id);
    if (!batch) {
      batch = { model, candidateVersion, pairs: [], drops: [] };
      this.pending.set(id, batch);
    }
    return batch;
  }

  private prefixOf(model: string, candidateVersion: string): string {
    return `${this.prefix}${model}/${candidateVersion}/`;
  }
}

/** The time a batch was written, from its key. */
const writtenAtOf = (key: string, prefix: string) => Number(key.slice(prefix.length, prefix.length + 13));

/** Epoch ms as 13 digits (until the year 2286), so keys sort by time. */
const pad = (ms: number) => String(Math.max(0, Math.floor(ms))).padStart(13, '0');
