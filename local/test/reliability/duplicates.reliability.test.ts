// Duplicates end to end on the running platform: a queue message delivered many times (several in
// one batch) yields one result and one metric; one Idempotency-Key submitted concurrently yields
// one id, one stored request and one result.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../support/platform-fixture.ts';
import { type HostilePlatform, startHostilePlatform } from './support/hostile-platform.ts';
import { KeepAliveClient } from './support/keep-alive-client.ts';

let hp: HostilePlatform;
let client: KeepAliveClient;
let auth: Record<string, string>;

beforeAll(async () => {
  hp = await startHostilePlatform();
  // Enough sockets that all eight copies of a submit are in flight together.
  client = new KeepAliveClient(hp.platform.url, { maxSockets: 32 });
  auth = { authorization: `Bearer ${await hp.platform.issueToken('invoke')}`, 'content-type': 'application/json' };
});

afterAll(async () => {
  client?.close();
  await hp?.stop();
});

async function submit(row: number, headers: Record<string, string> = auth): Promise<string> {
  const res = await client.send({
    method: 'POST',
    path: '/v1/models/alpha/predictions',
    headers,
    body: JSON.stringify({ inputs: [[row, 1, 2]] }),
  });
  expect(res.status).toBe(202);
  return (JSON.parse(res.text) as { id: string }).id;
}

async function resultOf(id: string): Promise<{ status: string; completedAt: number }> {
  const res = await client.send({ method: 'GET', path: `/v1/predictions/${id}`, headers: auth });
  return JSON.parse(res.text) as { status: string; completedAt: number };
}

/** Waits until every id has a result and the queues have nothing left in flight. */
async function settled(ids: readonly string[]): Promise<void> {
  await eventually(async () => {
    for (const id of ids) if ((await resultOf(id)).status === 'pending') return undefined;
    const depths = await Promise.all(hp.platform.internals.dataPlane.queues.map((q) => q.depth()));
    return depths.every((d) => d === 0) ? true : undefined;
  }, 30_000);
}

async function resultKeys(ids: readonly string[]): Promise<string[]> {
  const wanted = new Set(ids.map((id) => `results/${id}.json`));
  return (await hp.platform.internals.dataPlane.store.list('results/')).filter((k) => wanted.has(k));
}

describe('duplicates (reliability)', () => {
  it('turns a message delivered five times, concurrently, into one result and one metric', async () => {
    // Prepare
    const metricsBefore = hp.metrics.length;
    const runsBefore = hp.invocations.length;
    const [standard] = hp.platform.internals.dataPlane.queues;
    const ids: string[] = [];

    // Act: the submit enqueues once; four more copies of the same notice follow at once.
    for (let i = 0; i < 20; i++) {
      const id = await submit(i);
      ids.push(id);
      const notice = JSON.stringify({ id, key: `requests/${id}.json`, model: 'alpha', lane: 'standard' });
      await Promise.all([1, 2, 3, 4].map(() => standard!.send(notice)));
    }
    await settled(ids);
    const first = await Promise.all(ids.map(resultOf));
    // A late redelivery, after the result exists, changes nothing either.
    await standard!.send(
      JSON.stringify({ id: ids[0], key: `requests/${ids[0]}.json`, model: 'alpha', lane: 'standard' }),
    );
    await settled(ids);

    // Assess
    expect(await resultKeys(ids)).toHaveLength(ids.length);
    expect(first.every((r) => r.status === 'done')).toBe(true);
    expect(await Promise.all(ids.map(resultOf))).toEqual(first);
    expect(hp.metrics.length - metricsBefore).toBe(ids.length);
    expect(hp.logs.filter((l) => l.startsWith('worker:'))).toEqual([]);
    console.info(
      `duplicates: ${ids.length * 5 + 1} deliveries of ${ids.length} requests -> ` +
        `${hp.invocations.length - runsBefore} model runs, ${ids.length} results, ${ids.length} metrics`,
    );
  });

  it('gives one id, one stored request and one result to an Idempotency-Key submitted eight times at once', async () => {
    // Prepare
    const store = hp.platform.internals.dataPlane.store;
    const requestsBefore = (await store.list('requests/')).length;
    const metricsBefore = hp.metrics.length;
    const keys = Array.from({ length: 20 }, (_, i) => `order-${i}-${Date.now()}`);

    // Act
    const idsPerKey = await Promise.all(
      keys.map((key) => Promise.all(Array.from({ length: 8 }, () => submit(7, { ...auth, 'idempotency-key': key })))),
    );
    const ids = idsPerKey.map((same) => same[0]!);
    await settled(ids);

    // Assess
    expect(idsPerKey.map((same) => new Set(same).size)).toEqual(keys.map(() => 1));
    expect(new Set(ids).size).toBe(keys.length);
    expect((await store.list('requests/')).length - requestsBefore).toBe(keys.length);
    expect(await resultKeys(ids)).toHaveLength(keys.length);
    expect(hp.metrics.length - metricsBefore).toBe(keys.length);
  });
});
