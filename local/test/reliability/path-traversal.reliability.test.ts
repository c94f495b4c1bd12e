// Traversal in model names, prediction ids, lanes and idempotency keys: refused with a 4xx, no model
// run, nothing read from or written to disk outside the state dir, only well-formed keys stored.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type HostilePlatform, startHostilePlatform } from './support/hostile-platform.ts';
import { KeepAliveClient } from './support/keep-alive-client.ts';
import { snapshotTree } from './support/tree-snapshot.ts';

const SENTINEL = 'SENTINEL-7f3a-outside-the-state-dir';
let hp: HostilePlatform;
let client: KeepAliveClient;
let token: string;

beforeAll(async () => {
  hp = await startHostilePlatform();
  client = new KeepAliveClient(hp.platform.url);
  token = await hp.platform.issueToken('invoke', { sub: 'intruder' });
  // Bait next to the state dir, shaped like what a traversal would hope to read.
  const bait = JSON.stringify({ id: SENTINEL, status: 'done', model: 'alpha', prediction: {} });
  await writeFile(join(hp.ws.dir, 'secret.json'), bait);
  await mkdir(join(hp.ws.dir, 'results'), { recursive: true });
  await writeFile(join(hp.ws.dir, 'results', 'secret.json'), bait);
});

afterAll(async () => {
  client?.close();
  await hp?.stop();
});

const enc = encodeURIComponent;
const hostileNames = (absolute: string) => [
  '..',
  '.',
  enc('../x'),
  '..%2F..%2Fetc',
  '..%2f..%2f..%2fsecret',
  '%2e%2e%2f%2e%2e%2fsecret',
  '%252e%252e%252fsecret',
  '..%5C..%5Csecret',
  '%00',
  'alpha%00',
  'alpha%00.json',
  '%2Fetc%2Fpasswd',
  enc(absolute),
  enc(`file://${absolute}`),
  '%E2%80%A4%E2%80%A4%2Fsecret',
  '%EF%BC%8E%EF%BC%8E%EF%BC%8Fsecret',
  '%C0%AE%C0%AE%C0%AFsecret',
  'alpha%2F..%2F..%2Fsecret',
  enc('alpha/../beta'),
  '..%2F..%2F..%2F..%2F..%2F..%2F..%2F..%2Fetc%2Fpasswd',
];

describe('path traversal (reliability)', () => {
  it('refuses every hostile model name and prediction id, serves no model and touches nothing outside the state dir', async () => {
    // Prepare
    const outside = (path: string) => path.startsWith(hp.ws.stateDir);
    const before = await snapshotTree(hp.ws.dir, outside);
    const names = hostileNames(join(hp.ws.dir, 'secret.json'));
    const auth = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const attempts = names.flatMap((name) => [
      { method: 'POST', path: `/v1/models/${name}/predictions`, headers: auth, body: '{"inputs":[[1,2,3]]}' },
      { method: 'POST', path: `/v1/models/${name}/invoke`, headers: auth, body: '{"inputs":[[1,2,3]]}' },
      { method: 'GET', path: `/v1/predictions/${name}`, headers: auth },
      { method: 'GET', path: `/v1/predictions/${name}%2F..%2F..%2Fsecret`, headers: auth },
    ]);
    attempts.push(
      { method: 'GET', path: '/v1/predictions/../../secret', headers: auth },
      { method: 'GET', path: '/v1/models/../../results/secret', headers: auth },
    );

    // Act
    const answers = [];
    for (const attempt of attempts) answers.push({ attempt, res: await client.send(attempt) });
    const viaLane = await client.send({
      method: 'POST',
      path: '/v1/models/alpha/predictions',
      headers: auth,
      body: JSON.stringify({ inputs: [[1, 2, 3]], lane: '../../secret' }),
    });

    // Assess
    const accepted = answers.filter(({ res }) => res.status < 400 || res.status >= 500);
    expect(accepted.map(({ attempt, res }) => `${attempt.method} ${attempt.path} -> ${res.status}`)).toEqual([]);
    for (const { res } of answers) {
      expect(res.text).not.toContain(SENTINEL);
      expect(res.text).not.toContain('root:');
    }
    expect(viaLane.status).toBe(400);
    expect(hp.invocations).toEqual([]);
    expect(hp.metrics).toEqual([]);
    expect(await snapshotTree(hp.ws.dir, outside)).toEqual(before);
    const store = hp.platform.internals.dataPlane.store;
    expect([...(await store.list('requests/')), ...(await store.list('idempotency/'))]).toEqual([]);
    console.info(`path traversal: ${answers.length + 1} hostile requests refused`);
  });

  it('stores a hostile Idempotency-Key only as a digest, under the state', async () => {
    // Prepare
    const outside = (path: string) => path.startsWith(hp.ws.stateDir);
    const before = await snapshotTree(hp.ws.dir, outside);
    const headers = {
      authorization: `Bearer ${token}`,
      'content-type': 'application/json',
      'idempotency-key': '../../../../secret.json',
    };

    // Act
    const res = await client.send({
      method: 'POST',
      path: '/v1/models/alpha/predictions',
      headers,
      body: '{"inputs":[[1,2,3]]}',
    });

    // Assess
    expect(res.status).toBe(202);
    const store = hp.platform.internals.dataPlane.store;
    const keys = [...(await store.list('requests/')), ...(await store.list('idempotency/'))];
    expect(keys).toHaveLength(2);
    for (const key of keys) expect(key).toMatch(/^(?:requests\/[A-Za-z0-9_-]{8,64}|idempotency\/[0-9a-f]{64})\.json$/);
    expect(await snapshotTree(hp.ws.dir, outside)).toEqual(before);
  });
});
