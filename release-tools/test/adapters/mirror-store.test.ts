import 'aws-sdk-client-mock-vitest/extend';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import { afterEach, describe, expect, it } from 'vitest';
import { LIST_GRACE_MS, S3MirrorStore } from '../../src/adapters/aws/s3-mirror-store.ts';
import { MemoryMirrorStore } from '../../src/adapters/local/memory-mirror-store.ts';
import { decodeMirrorBatch, MirrorBatchFormatError } from '../../src/domain/mirror-batch.ts';
import { fakeS3 } from './fake-s3.ts';
import { mirrorStoreContract } from './mirror-store.contract.ts';

describe('MemoryMirrorStore', () =>
  mirrorStoreContract(() => {
    const store = new MemoryMirrorStore();
    return { sink: store, reader: store, settle: async () => {}, setNow: () => {} };
  }));

describe('S3MirrorStore', () => {
  let s3 = fakeS3();
  afterEach(() => {
    s3.mock.restore();
    s3 = fakeS3();
  });
  let ids = 0;
  const storeAt = (clock: { now: number }, prefix?: string) =>
    new S3MirrorStore({
      client: s3.client,
      bucket: 'data-bucket',
      now: () => clock.now,
      newId: () => `b${++ids}`,
      ...(prefix ? { prefix } : {}),
    });

  mirrorStoreContract(() => {
    const clock = { now: 0 };
    // The data plane's sink and the controller's reader are separate containers: separate instances.
    const sink = storeAt(clock);
    return {
      sink,
      reader: storeAt(clock),
      settle: () => sink.flush(),
      setNow: (ms) => {
        clock.now = ms;
      },
    };
  });

  it('writes one object per model and candidate version per flush, keyed by the time it was written', async () => {
    const clock = { now: 1_700_000_000_123 };
    const sink = storeAt(clock);
    sink.pair({
      model: 'churn',
      stableVersion: '1.0.0',
      candidateVersion: '1.1.0',
      requestId: 'r1',
      maxAbsDiff: 0.25,
      disagree: false,
      at: 1_700_000_000_000,
    });
    sink.dropped({ model: 'churn', candidateVersion: '1.1.0', at: 1_700_000_000_100 });

    await sink.flush();
    await sink.flush();

    expect(s3.mock).toHaveReceivedCommandTimes(PutObjectCommand, 1);
    const put = s3.mock.commandCalls(PutObjectCommand)[0]!.args[0].input;
    expect(put).toMatchObject({
      Bucket: 'data-bucket',
      Key: expect.stringMatching(/^mirror\/churn\/1\.1\.0\/1700000000123-b\d+\.json$/),
      ContentType: 'application/json',
      IfNoneMatch: '*',
    });
    expect(JSON.parse(String(put.Body))).toEqual({
      format: 1,
      model: 'churn',
      candidateVersion: '1.1.0',
      writtenAt: 1_700_000_000_123,
      pairs: [{ requestId: 'r1', stableVersion: '1.0.0', maxAbsDiff: 0.25, disagree: false, at: 1_700_000_000_000 }],
      drops: [1_700_000_000_100],
    });
  });

  it('lists from the start of the window and reads each batch once per container', async () => {
    const clock = { now: 5_000 };
    const sink = storeAt(clock);
    const reader = storeAt(clock);
    const mirrored = { model: 'churn', stableVersion: '1.0.0', candidateVersion: '1.1.0', disagree: false };
    sink.pair({ ...mirrored, requestId: 'r1', at: 4_000 });
    await sink.flush();
    const query = { model: 'churn', candidateVersion: '1.1.0', since: 3_000, until: 10_000 };

    await reader.pairs(query);
    clock.now = 6_000;
    sink.pair({ ...mirrored, requestId: 'r2', at: 5_500 });
    await sink.flush();
    const second = await reader.pairs(query);

    expect(second.pairs.map((p) => p.requestId)).toEqual(['r1', 'r2']);
    expect(s3.mock).toHaveReceivedCommandWith(ListObjectsV2Command, {
      Bucket: 'data-bucket',
      Prefix: 'mirror/churn/1.1.0/',
      StartAfter: 'mirror/churn/1.1.0/0000000003000',
    });
    expect(s3.mock).toHaveReceivedCommandTimes(GetObjectCommand, 2);
  });

  const mirrored = { model: 'churn', stableVersion: '1.0.0', candidateVersion: '1.1.0', disagree: false };
  const query = { model: 'churn', candidateVersion: '1.1.0', since: 0, until: 10_000_000 };

  it('lists again, once warm, only from its newest key less the grace window', async () => {
    const clock = { now: 1_000_000 };
    const sink = storeAt(clock);
    const reader = storeAt(clock);
    for (const at of [1_000_000, 1_200_000]) {
      clock.now = at;
      sink.pair({ ...mirrored, requestId: `r${at}`, at: at - 1 });
      await sink.flush();
    }
    await reader.pairs(query);
    s3.mock.resetHistory();
    // A batch stamped before the newest key whose PUT landed after the first listing.
    clock.now = 1_150_000;
    sink.pair({ ...mirrored, requestId: 'late-put', at: 1_149_000 });
    await sink.flush();

    const second = await reader.pairs(query);

    expect(s3.mock).toHaveReceivedCommandWith(ListObjectsV2Command, {
      StartAfter: `mirror/churn/1.1.0/${String(1_200_000 - LIST_GRACE_MS).padStart(13, '0')}`,
    });
    expect(second.pairs.map((p) => p.requestId)).toEqual(['r1000000', 'late-put', 'r1200000']);
    expect(s3.mock).toHaveReceivedCommandTimes(GetObjectCommand, 1);
  });

  it('reads at most maxReadsPerQuery batches per query, oldest first, and the rest the next time', async () => {
    const clock = { now: 0 };
    const sink = storeAt(clock);
    for (let i = 1; i <= 5; i++) {
      clock.now = i * 1_000;
      sink.pair({ ...mirrored, requestId: `r${i}`, at: i * 1_000 - 1 });
      await sink.flush();
    }
    const reader = new S3MirrorStore({ client: s3.client, bucket: 'data-bucket', maxReadsPerQuery: 2 });

    const reads = [await reader.pairs(query), await reader.pairs(query), await reader.pairs(query)];

    expect(reads.map((r) => r.pairs.map((p) => p.requestId))).toEqual([
      ['r1', 'r2'],
      ['r1', 'r2', 'r3', 'r4'],
      ['r1', 'r2', 'r3', 'r4', 'r5'],
    ]);
  });

  it('refuses a batch of a format it does not know, naming the object', async () => {
    s3.objects.set('data-bucket/mirror/churn/1.1.0/0000000002000-x.json', {
      body: JSON.stringify({ format: 2, model: 'churn', candidateVersion: '1.1.0', pairs: [] }),
      etag: '"e"',
    });

    const error = await storeAt({ now: 0 })
      .pairs({ model: 'churn', candidateVersion: '1.1.0', since: 1_000, until: 3_000 })
      .catch((e: unknown) => e);

    expect(error).toBeInstanceOf(MirrorBatchFormatError);
    expect((error as Error).message).toContain('s3://data-bucket/mirror/churn/1.1.0/0000000002000-x.json');
  });
});

describe('mirror batch format', () => {
  it('reads a batch written in format 1 (fixture)', async () => {
    const dir = join(import.meta.dirname, '../fixtures/mirror-batch-v1');
    const text = await readFile(join(dir, '0001764720000000-written-by-format-1.json'), 'utf8');

    const batch = decodeMirrorBatch(text, 'fixture');

    expect(batch.writtenAt).toBe(1_764_720_000_000);
    expect(batch.drops).toEqual([1_764_719_999_700]);
    expect(batch.pairs).toEqual([
      {
        model: 'churn-scorer',
        candidateVersion: '2.1.0',
        stableVersion: '2.0.0',
        requestId: 'req-a',
        maxAbsDiff: 0.004,
        disagree: false,
        at: 1_764_719_999_000,
      },
      expect.objectContaining({ requestId: 'req-b', maxAbsDiff: Number.POSITIVE_INFINITY, disagree: true }),
      expect.not.objectContaining({ maxAbsDiff: expect.anything() }),
    ]);
  });
});
