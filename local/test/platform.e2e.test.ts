// End to end, in process, on port 0: HTTP API -> object store -> topic -> lane queues -> worker ->
// ONNX Runtime -> results, with a stub controller setting routes.
import { writeFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seededRandom } from '../../inference-stack/test/support/seeded-random.ts';
import { type Platform, startPlatform } from '../src/platform.ts';
import {
  eventually,
  makeWorkspace,
  manifestText,
  StubController,
  stableRoute,
  type Workspace,
  withinBinomial,
} from './support/platform-fixture.ts';

// Both data planes run the same suite: 'local' (the default) and 'fauxqs' (the AWS SDK path).
describe.each(['local', 'fauxqs'] as const)('on the %s data plane', (kind) => {
  let ws: Workspace;
  let platform: Platform;
  const controller = new StubController();
  const logs: string[] = [];

  beforeAll(async () => {
    ws = await makeWorkspace();
    controller.desired = [stableRoute('alpha', '1.0.0', ws.keys.alpha1), stableRoute('beta', '1.0.0', ws.keys.beta1)];
    platform = await startPlatform({
      port: 0,
      stateDir: ws.stateDir,
      dataPlane: kind,
      manifestPath: ws.manifestPath,
      artifacts: ws.artifacts,
      traffic: controller.traffic,
      controller,
      controllerTickMs: 60_000,
      random: seededRandom(2024),
      limits: { maxBodyBytes: 4096, ratePerSecond: 10_000, burst: 10_000 },
      worker: { waitSeconds: 1, maxReceiveCount: 2, retryDelaySeconds: () => 0 },
      dashboard: { html: () => '<h1>releases</h1>', data: async () => ({ models: 2 }) },
      log: (line) => logs.push(line),
    });
  });

  afterAll(async () => {
    await platform?.stop();
    await ws?.cleanup();
  });

  const auth = () => ({ authorization: `Bearer ${platform.devToken}`, 'content-type': 'application/json' });
  const post = (path: string, body: unknown, headers: Record<string, string> = auth()) =>
    fetch(`${platform.url}${path}`, { method: 'POST', headers, body: JSON.stringify(body) });
  const get = (path: string, headers: Record<string, string> = auth()) => fetch(`${platform.url}${path}`, { headers });
  const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

  describe('local platform end to end', () => {
    it('serves synchronous predictions from two models', async () => {
      const alpha = await post('/v1/models/alpha/invoke', { inputs: [[1, 2, 3]] });
      const beta = await post('/v1/models/beta/invoke', {
        inputs: [
          [1, 1],
          [0, 0],
        ],
      });
      expect(alpha.status).toBe(200);
      expect(alpha.headers.get('x-request-id')).toBeTruthy();
      const a = (await alpha.json()) as { version: string; track: string; outputs: { score: { data: number[] } } };
      expect(a).toMatchObject({ version: '1.0.0', track: 'stable' });
      expect(a.outputs.score.data[0]).toBeCloseTo(sigmoid(0.6), 5);
      const b = (await beta.json()) as { outputs: { score: { shape: number[]; data: number[] } } };
      expect(b.outputs.score.shape).toEqual([2, 1]);
      expect(b.outputs.score.data[1]).toBeCloseTo(sigmoid(0.5), 5);
    });

    it('splits traffic by the candidate weight the controller sets, within a binomial bound', async () => {
      // Prepare
      controller.desired = [
        {
          ...stableRoute('alpha', '1.0.0', ws.keys.alpha1),
          candidate: { version: '2.0.0', targetModel: ws.keys.alpha2 },
          candidateWeight: 30,
        },
        stableRoute('beta', '1.0.0', ws.keys.beta1),
      ];
      expect((await post('/v1/admin/reconcile', {})).status).toBe(200);
      const n = 300;
      // Act
      const versions: string[] = [];
      for (let i = 0; i < n; i++) {
        const response = await post('/v1/models/alpha/invoke', { inputs: [[1, 0, 0]] });
        versions.push(((await response.json()) as { version: string }).version);
      }
      // Assess
      const toCandidate = versions.filter((v) => v === '2.0.0').length;
      expect(versions.every((v) => v === '1.0.0' || v === '2.0.0')).toBe(true);
      expect(withinBinomial(toCandidate, n, 0.3)).toBe(true);
    });

    it('answers every accepted asynchronous request with exactly one result', async () => {
      // Prepare
      const submissions = [
        ...Array.from({ length: 12 }, (_, i) => ({ model: 'alpha', body: { inputs: [[i, 1, 2]] } })),
        ...Array.from({ length: 8 }, (_, i) => ({ model: 'beta', body: { inputs: [[i, 1]], lane: 'priority' } })),
      ];
      // Act
      const accepted = await Promise.all(
        submissions.map(async ({ model, body }) => {
          const response = await post(`/v1/models/${model}/predictions`, body);
          expect(response.status).toBe(202);
          const { id } = (await response.json()) as { id: string };
          expect(response.headers.get('location')).toBe(`/v1/predictions/${id}`);
          return id;
        }),
      );
      const results = await Promise.all(
        accepted.map((id) =>
          eventually(async () => {
            const body = (await (await get(`/v1/predictions/${id}`)).json()) as { status: string };
            return body.status === 'pending' ? undefined : body;
          }),
        ),
      );
      // Assess
      expect(results.every((r) => r.status === 'done')).toBe(true);
      const store = platform.internals.dataPlane.store;
      const resultKeys = (await store.list('results/')).filter((k) =>
        accepted.some((id) => k === `results/${id}.json`),
      );
      expect(resultKeys).toHaveLength(accepted.length);
      expect(new Set(accepted).size).toBe(accepted.length);
    });

    it('returns the same id for a repeated Idempotency-Key', async () => {
      const headers = { ...auth(), 'idempotency-key': 'order-7' };
      const first = (await (await post('/v1/models/beta/predictions', { inputs: [[1, 2]] }, headers)).json()) as {
        id: string;
      };
      const again = (await (await post('/v1/models/beta/predictions', { inputs: [[1, 2]] }, headers)).json()) as {
        id: string;
      };
      expect(again.id).toBe(first.id);
    });

    it('moves a poison message to the DLQ while the requests around it succeed', async () => {
      // Prepare
      const [standard] = platform.internals.dataPlane.queues;
      const [standardDlq] = platform.internals.dataPlane.dlqs;
      // Act
      await standard!.send('{this is not json');
      const ids = await Promise.all(
        [0, 1, 2].map(
          async (i) =>
            ((await (await post('/v1/models/alpha/predictions', { inputs: [[i, i, i]] })).json()) as { id: string }).id,
        ),
      );
      // Assess
      const dead = await eventually(async () => {
        const messages = await standardDlq!.receive({ waitSeconds: 1 });
        return messages.find((m) => m.body === '{this is not json');
      });
      expect(dead).toBeDefined();
      for (const id of ids)
        await eventually(async () => {
          const body = (await (await get(`/v1/predictions/${id}`)).json()) as { status: string };
          return body.status === 'done' ? body : undefined;
        });
    });

    it('runs the controller at once when models.yaml changes', async () => {
      // Prepare
      const before = controller.reconciles;
      // Act
      await writeFile(ws.manifestPath, manifestText('2.0.0', 'models/alpha-2.onnx'));
      // Assess
      await eventually(async () => (controller.reconciles > before ? true : undefined), 5_000);
      const models = (await (await get('/v1/models')).json()) as { models: { name: string; version: string }[] };
      expect(models.models).toContainEqual({ name: 'alpha', version: '2.0.0' });
    });

    describe('API Gateway behaviour', () => {
      it('answers 401 without a token and for an expired one', async () => {
        const none = await post(
          '/v1/models/alpha/invoke',
          { inputs: [[1, 2, 3]] },
          { 'content-type': 'application/json' },
        );
        expect(none.status).toBe(401);
        expect(await none.json()).toEqual({ error: { code: 'Unauthorized', message: 'missing bearer token' } });
        const expired = await platform.issueToken('invoke', { ttlSeconds: -60 });
        const late = await post(
          '/v1/models/alpha/invoke',
          { inputs: [[1, 2, 3]] },
          { ...auth(), authorization: `Bearer ${expired}` },
        );
        expect(late.status).toBe(401);
      });

      it('answers 403 to an invoke token on an admin route', async () => {
        const token = await platform.issueToken('invoke');
        const response = await get('/v1/admin/routes', { authorization: `Bearer ${token}` });
        expect(response.status).toBe(403);
        expect(await response.json()).toMatchObject({ error: { code: 'Forbidden' } });
      });

      it('answers 413 to a body over the payload limit', async () => {
        const big = { inputs: Array.from({ length: 8 }, () => Array(300).fill(0.123456)) };
        const response = await post('/v1/models/alpha/predictions', big);
        expect(response.status).toBe(413);
        expect(await response.json()).toMatchObject({ error: { code: 'PayloadTooLarge' } });
      });

      it('answers 415 to a body that is not JSON', async () => {
        const response = await fetch(`${platform.url}/v1/models/alpha/invoke`, {
          method: 'POST',
          headers: { authorization: `Bearer ${platform.devToken}`, 'content-type': 'text/plain' },
          body: 'hello',
        });
        expect(response.status).toBe(415);
      });

      it('serves the dashboard hook to a token holder only (local/test/reliability/dashboard-access)', async () => {
        const authorization = { authorization: `Bearer ${platform.devToken}` };
        const page = await fetch(`${platform.url}/dashboard`, { headers: authorization });
        expect(page.headers.get('content-type')).toContain('text/html');
        expect(await page.text()).toBe('<h1>releases</h1>');
        expect(await (await fetch(`${platform.url}/dashboard/data.json`, { headers: authorization })).json()).toEqual({
          models: 2,
        });
        expect((await fetch(`${platform.url}/dashboard/data.json`)).status).toBe(401);
      });

      it('answers 404 with a JSON error for an unknown route', async () => {
        const response = await get('/v2/nothing');
        expect(response.status).toBe(404);
        expect(await response.json()).toMatchObject({ error: { code: 'NotFound' } });
      });
    });
  });
});
