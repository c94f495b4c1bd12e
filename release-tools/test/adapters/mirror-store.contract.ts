// The one contract every store of mirrored pairs passes: the data plane's sink writes pairs and
// drops, the controller's reader gets back those of one model and candidate version in a window.
import { expect, it } from 'vitest';
import type { MirrorDrop, MirroredPair, MirrorReader, MirrorSink } from '../../src/ports/mirrored-pairs.ts';

export interface MirrorStoreUnderTest {
  readonly sink: MirrorSink;
  readonly reader: MirrorReader;
  /** Makes what the sink was given readable (a buffered sink's flush; nothing for the memory store). */
  readonly settle: () => Promise<void>;
  /** Moves the store's clock (epoch ms), for stores that stamp what they write. */
  readonly setNow: (ms: number) => void;
}

const pair = (requestId: string, at: number, over: Partial<MirroredPair> = {}): MirroredPair => ({
  model: 'churn',
  stableVersion: '1.0.0',
  candidateVersion: '1.1.0',
  requestId,
  maxAbsDiff: 0.01,
  disagree: false,
  at,
  ...over,
});
const drop = (at: number, over: Partial<MirrorDrop> = {}): MirrorDrop => ({
  model: 'churn',
  candidateVersion: '1.1.0',
  at,
  ...over,
});
const window = { model: 'churn', candidateVersion: '1.1.0', since: 1_000, until: 9_000 };

export function mirrorStoreContract(make: () => Promise<MirrorStoreUnderTest> | MirrorStoreUnderTest): void {
  it('reads back nothing when nothing was mirrored', async () => {
    const { reader } = await make();

    expect(await reader.pairs(window)).toEqual({ pairs: [], dropped: 0 });
  });

  it('reads back each pair as written, oldest first, across batches', async () => {
    const store = await make();
    store.setNow(3_000);
    store.sink.pair(pair('r1', 1_500));
    store.sink.pair(pair('r2', 2_500, { maxAbsDiff: 0.5, disagree: true }));
    await store.settle();
    store.setNow(5_000);
    store.sink.pair(pair('r3', 4_000, { stableVersion: '0.9.0' }));
    await store.settle();

    expect((await store.reader.pairs(window)).pairs).toEqual([
      pair('r1', 1_500),
      pair('r2', 2_500, { maxAbsDiff: 0.5, disagree: true }),
      pair('r3', 4_000, { stableVersion: '0.9.0' }),
    ]);
  });

  it('keeps a difference of Infinity (shapes differ) and a pair without float outputs', async () => {
    const store = await make();
    const { maxAbsDiff: _, ...labelsOnly } = pair('r2', 2_000, { disagree: true });
    store.setNow(3_000);
    store.sink.pair(pair('r1', 2_000, { maxAbsDiff: Number.POSITIVE_INFINITY, disagree: true }));
    store.sink.pair(labelsOnly);
    await store.settle();

    const { pairs } = await store.reader.pairs(window);

    expect(pairs.find((p) => p.requestId === 'r1')?.maxAbsDiff).toBe(Number.POSITIVE_INFINITY);
    expect(pairs.find((p) => p.requestId === 'r2')).toEqual(labelsOnly);
  });

  it('keeps to the window, the model and the candidate version', async () => {
    const store = await make();
    store.setNow(500);
    store.sink.pair(pair('before', 400));
    await store.settle();
    store.setNow(9_500);
    store.sink.pair(pair('in', 8_000));
    store.sink.pair(pair('after', 9_400));
    store.sink.pair(pair('other-version', 8_000, { candidateVersion: '1.2.0' }));
    store.sink.pair(pair('other-model', 8_000, { model: 'fraud' }));
    store.sink.dropped(drop(300));
    store.sink.dropped(drop(8_100));
    store.sink.dropped(drop(8_200, { candidateVersion: '1.2.0' }));
    await store.settle();

    const evidence = await store.reader.pairs(window);

    expect(evidence.pairs.map((p) => p.requestId)).toEqual(['in']);
    expect(evidence.dropped).toBe(1);
  });

  it('counts drops in the window even when no pair was mirrored', async () => {
    const store = await make();
    store.setNow(2_000);
    store.sink.dropped(drop(1_200));
    store.sink.dropped(drop(1_300));
    await store.settle();

    expect(await store.reader.pairs(window)).toEqual({ pairs: [], dropped: 2 });
  });
}
