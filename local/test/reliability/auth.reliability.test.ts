// Forged, expired, unsigned and tampered tokens, and the wrong role: 401/403 with a
// JSON error, and nothing served (no model run, no metric, no request stored, no route read).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ForgedToken, forgedTokens } from './support/forged-tokens.ts';
import { type HostilePlatform, startHostilePlatform } from './support/hostile-platform.ts';
import { KeepAliveClient, type RawRequest } from './support/keep-alive-client.ts';

let hp: HostilePlatform;
let client: KeepAliveClient;
let invokeToken: string;
let tokens: ForgedToken[];

beforeAll(async () => {
  hp = await startHostilePlatform();
  client = new KeepAliveClient(hp.platform.url);
  invokeToken = await hp.platform.issueToken('invoke', { sub: 'alice' });
  tokens = await forgedTokens(invokeToken, await hp.platform.issueToken('admin', { ttlSeconds: -60 }));
});

afterAll(async () => {
  client?.close();
  await hp?.stop();
});

const json = '{"inputs":[[1,2,3]]}';
const routes = (id: string): Omit<RawRequest, 'headers'>[] => [
  { method: 'POST', path: '/v1/models/alpha/predictions', body: json },
  { method: 'POST', path: '/v1/models/alpha/invoke', body: json },
  { method: 'GET', path: `/v1/predictions/${id}` },
  { method: 'GET', path: '/v1/models' },
  { method: 'GET', path: '/v1/admin/routes' },
  { method: 'POST', path: '/v1/admin/reconcile', body: '{}' },
];

function withAuth(route: Omit<RawRequest, 'headers'>, authorization: string | undefined): RawRequest {
  const headers: Record<string, string> = { 'content-type': 'application/json', 'idempotency-key': 'forged-1' };
  if (authorization !== undefined) headers.authorization = authorization;
  return { ...route, headers };
}

async function storedRequests(): Promise<string[]> {
  const store = hp.platform.internals.dataPlane.store;
  return [...(await store.list('requests/')), ...(await store.list('idempotency/'))];
}

describe('authentication and roles (reliability)', () => {
  it('refuses every forged, expired, unsigned or tampered token with 401 and serves nothing', async () => {
    // Prepare
    const id = '0f8fad5b-d9cb-469f-a165-70867728950e';
    const attempts = tokens.flatMap((token) =>
      routes(id).map((route) => ({ token, request: withAuth(route, token.authorization) })),
    );

    // Act
    const answers = [];
    for (const { token, request } of attempts) answers.push({ token, request, res: await client.send(request) });

    // Assess
    const wrong = answers.filter(({ res }) => res.status !== 401);
    expect(
      wrong.map(({ token, request, res }) => `${token.name}: ${request.method} ${request.path} -> ${res.status}`),
    ).toEqual([]);
    for (const { res } of answers)
      expect(JSON.parse(res.text)).toEqual({ error: { code: 'Unauthorized', message: expect.any(String) } });
    expect(hp.invocations).toEqual([]);
    expect(hp.metrics).toEqual([]);
    expect(await storedRequests()).toEqual([]);
    expect(answers.length).toBe(tokens.length * 6);
    console.info(`auth: ${answers.length} requests with ${tokens.length} kinds of bad credential refused`);
  });

  it('refuses an invoke token on admin routes and a token without a known role everywhere, with 403', async () => {
    // Prepare
    const noRole = await hp.platform.issueToken('reader' as 'invoke', { sub: 'bob' });
    const before = await client.send({
      method: 'GET',
      path: '/v1/admin/routes',
      headers: { authorization: `Bearer ${hp.platform.devToken}` },
    });
    const attempts = [
      ...routes('0f8fad5b-d9cb-469f-a165-70867728950e').map((route) => withAuth(route, `Bearer ${noRole}`)),
      ...routes('x')
        .slice(4)
        .map((route) => withAuth(route, `Bearer ${invokeToken}`)),
    ];

    // Act
    const answers = [];
    for (const request of attempts) answers.push({ request, res: await client.send(request) });

    // Assess
    expect(answers.map(({ request, res }) => `${request.method} ${request.path} -> ${res.status}`)).toEqual(
      attempts.map((request) => `${request.method} ${request.path} -> 403`),
    );
    for (const { res } of answers) expect(JSON.parse(res.text)).toMatchObject({ error: { code: 'Forbidden' } });
    expect(before.status).toBe(200);
    expect(hp.invocations).toEqual([]);
    expect(hp.metrics).toEqual([]);
    expect(await storedRequests()).toEqual([]);
  });

  it('serves the same requests to a genuine token (the refusals above are about the token)', async () => {
    // Act
    const invoke = await client.send(withAuth(routes('x')[1]!, `Bearer ${invokeToken}`));
    const submit = await client.send(withAuth(routes('x')[0]!, `Bearer ${invokeToken}`));

    // Assess
    expect([invoke.status, submit.status]).toEqual([200, 202]);
    expect(hp.invocations.length).toBeGreaterThan(0);
    expect(await storedRequests()).toHaveLength(2);
  });
});
