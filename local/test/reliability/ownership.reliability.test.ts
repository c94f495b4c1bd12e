// Requests belong to their principal, end to end over the local HTTP API (issue 15, finding 1): two
// users sending the same Idempotency-Key get their own ids and results, a key reused with other
// inputs is a 409, and one user's GET of another's id is a 404, pending or done.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../support/platform-fixture.ts';
import { type HostilePlatform, startHostilePlatform } from './support/hostile-platform.ts';
import { KeepAliveClient } from './support/keep-alive-client.ts';

let hp: HostilePlatform;
let client: KeepAliveClient;
let alice: Record<string, string>;
let bob: Record<string, string>;

beforeAll(async () => {
  hp = await startHostilePlatform();
  client = new KeepAliveClient(hp.platform.url);
  const header = async (sub: string) => ({
    authorization: `Bearer ${await hp.platform.issueToken('invoke', { sub })}`,
    'content-type': 'application/json',
  });
  alice = await header('alice');
  bob = await header('bob');
});

afterAll(async () => {
  client?.close();
  await hp?.stop();
});

const submit = (auth: Record<string, string>, row: number[], key: string) =>
  client.send({
    method: 'POST',
    path: '/v1/models/alpha/predictions',
    headers: { ...auth, 'idempotency-key': key },
    body: JSON.stringify({ inputs: [row] }),
  });
const get = (auth: Record<string, string>, id: string) =>
  client.send({ method: 'GET', path: `/v1/predictions/${id}`, headers: auth });

describe('ownership of predictions (reliability)', () => {
  it('scopes Idempotency-Key per user, refuses a reused key with other inputs, hides ids from other users', async () => {
    // Act
    const a = await submit(alice, [1, 2, 3], 'order-42');
    const b = await submit(bob, [7, 8, 9], 'order-42');
    const reused = await submit(alice, [4, 5, 6], 'order-42');
    const retried = await submit(alice, [1, 2, 3], 'order-42');
    // Assess
    expect([a.status, b.status, reused.status, retried.status]).toEqual([202, 202, 409, 202]);
    expect(JSON.parse(reused.text)).toMatchObject({ error: { code: 'IdempotencyConflict' } });
    const aliceId = (JSON.parse(a.text) as { id: string }).id;
    const bobId = (JSON.parse(b.text) as { id: string }).id;
    expect(bobId).not.toBe(aliceId);
    expect((JSON.parse(retried.text) as { id: string }).id).toBe(aliceId);
    expect((await get(bob, aliceId)).status).toBe(404);
    const done = async (auth: Record<string, string>, id: string) => {
      const res = await get(auth, id);
      return res.status === 200 && !res.text.includes('"pending"') ? (JSON.parse(res.text) as object) : undefined;
    };
    const aliceResult = await eventually(() => done(alice, aliceId), 30_000);
    const bobResult = await eventually(() => done(bob, bobId), 30_000);
    expect(aliceResult).toMatchObject({ id: aliceId, status: 'done' });
    expect(bobResult).toMatchObject({ id: bobId, status: 'done' });
    expect(aliceResult).not.toHaveProperty('owner');
    expect((await get(bob, aliceId)).status).toBe(404);
    expect((await get(alice, bobId)).status).toBe(404);
  });
});
