// 10,000 hostile requests against the running local platform over keep-alive HTTP: the process
// keeps serving, nothing answers 5xx (but the documented 503), every error is a JSON error body,
// and every request it accepted (202) gets its result.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, StubController, stableRoute } from '../support/platform-fixture.ts';
import { type FuzzTokens, fuzzCase } from './support/api-arbitraries.ts';
import { checkAnswer, fuzzSeed } from './support/api-oracle.ts';
import { type HostilePlatform, startHostilePlatform } from './support/hostile-platform.ts';
import { KeepAliveClient } from './support/keep-alive-client.ts';

const RUNS = Number(process.env.FUZZ_RUNS ?? 10_000);
let hp: HostilePlatform;
let client: KeepAliveClient;
let tokens: FuzzTokens;

beforeAll(async () => {
  // alpha in a 30 % canary (random draw), beta in a 50/50 A/B sticky on x-user-id (hashing fuzzed keys).
  const controller = new StubController();
  hp = await startHostilePlatform((ws) => {
    controller.desired = [
      {
        ...stableRoute('alpha', '1.0.0', ws.keys.alpha1),
        candidate: { version: '2.0.0', targetModel: ws.keys.alpha2 },
        candidateWeight: 30,
      },
      {
        ...stableRoute('beta', '1.0.0', ws.keys.beta1),
        candidate: { version: '1.1.0', targetModel: ws.keys.beta1 },
        candidateWeight: 50,
        mode: 'sticky',
        sticky: { source: 'header', name: 'x-user-id' },
      },
    ];
    return { controller, traffic: controller.traffic };
  });
  client = new KeepAliveClient(hp.platform.url, { maxSockets: 16 });
  tokens = { invoke: await hp.platform.issueToken('invoke', { sub: 'fuzzer' }), admin: hp.platform.devToken };
});

afterAll(async () => {
  client?.close();
  await hp?.stop();
});

describe('API fuzzing (reliability)', () => {
  it(`${RUNS} fuzzed requests: 0 crashes, only 2xx/4xx with JSON error bodies, every accepted request answered`, async () => {
    // Prepare
    const statuses = new Map<number, number>();
    const accepted = new Map<string, string>();
    // A prediction answers only the principal that submitted it: read each one back with its token.
    const submittedWith = new Map<string, string>();
    const codes = new Map<string, number>();
    const started = performance.now();

    // Act
    await fc.assert(
      fc.asyncProperty(fuzzCase(tokens), async (c) => {
        const res = await client.send(c.request);
        const body = checkAnswer(c, res);
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        const code = (body as { error?: { code?: string } } | undefined)?.error?.code ?? `${res.status} (no body)`;
        if (res.status >= 400) codes.set(code, (codes.get(code) ?? 0) + 1);
        if (res.status === 202) submittedWith.set((body as { id: string }).id, c.request.headers.authorization ?? '');
        if (res.status === 202)
          accepted.set(
            (body as { id: string }).id,
            String((JSON.parse(String(c.request.body)) as { lane?: unknown }).lane),
          );
      }),
      { numRuns: RUNS, seed: fuzzSeed() },
    );
    const elapsedMs = performance.now() - started;

    // Assess
    const health = await client.send({ method: 'GET', path: '/healthz', headers: {} });
    expect(health.status).toBe(200);
    const valid = await client.send({
      method: 'POST',
      path: '/v1/models/alpha/invoke',
      headers: { authorization: `Bearer ${tokens.invoke}`, 'content-type': 'application/json' },
      body: '{"inputs":[[1,2,3]]}',
    });
    expect(valid.status).toBe(200);
    expect(hp.logs.filter((l) => l.startsWith('http:'))).toEqual([]);
    const pendingIds = async () => {
      const pending: string[] = [];
      for (const [id, lane] of accepted) {
        const res = await client.send({
          method: 'GET',
          path: `/v1/predictions/${id}`,
          headers: { authorization: submittedWith.get(id) ?? '' },
        });
        if (res.status !== 200 || (JSON.parse(res.text) as { status: string }).status === 'pending')
          pending.push(`${id} (lane ${lane})`);
      }
      return pending;
    };
    const unanswered = await eventually(async () => {
      const pending = await pendingIds();
      return pending.length === 0 ? pending : undefined;
    }, 20_000).catch(pendingIds);
    expect(unanswered).toEqual([]);
    const resultKeys = new Set(await hp.platform.internals.dataPlane.store.list('results/'));
    expect([...accepted.keys()].filter((id) => !resultKeys.has(`results/${id}.json`))).toEqual([]);
    const total = [...statuses.values()].reduce((a, b) => a + b, 0);
    expect(total).toBeGreaterThanOrEqual(RUNS);
    expect(statuses.get(200) ?? 0).toBeGreaterThan(0);
    expect(accepted.size).toBeGreaterThan(0);
    console.info(
      `api fuzz: ${total} requests in ${(elapsedMs / 1000).toFixed(1)} s over ${client.sockets} sockets; ` +
        `statuses ${JSON.stringify(Object.fromEntries([...statuses].sort(([a], [b]) => a - b)))}; ` +
        `${accepted.size} accepted; error codes ${JSON.stringify(Object.fromEntries(codes))}`,
    );
  }, 240_000);

  it('keeps the same contract under 2,000 fuzzed requests sent 16 at a time', async () => {
    // Prepare
    const cases = fc.sample(fuzzCase(tokens), { numRuns: 2_000, seed: fuzzSeed() + 1 });
    const violations: string[] = [];
    let next = 0;

    // Act
    await Promise.all(
      Array.from({ length: 16 }, async () => {
        while (next < cases.length) {
          const c = cases[next++]!;
          try {
            checkAnswer(c, await client.send(c.request));
          } catch (error) {
            violations.push(String(error));
          }
        }
      }),
    );

    // Assess
    expect(violations).toEqual([]);
    expect((await client.send({ method: 'GET', path: '/healthz', headers: {} })).status).toBe(200);
    expect(hp.logs.filter((l) => l.startsWith('http:'))).toEqual([]);
  }, 120_000);
});
