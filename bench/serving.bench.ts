// The serving container, side by side in one run on the same model and client: raw session.run;
// a bare node:http server that only calls session.run (the floor for any HTTP path); the
// container's invoke (POST /models/{name}/invoke); and the full synchronous API path (auth,
// throttle, route, local endpoint -> container). Also the container's cold load vs a warm call.
import { rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { encodeInvokeRequest } from '../inference-stack/src/serving/invoke-body.ts';
import { startPlatform } from '../local/src/platform.ts';
import { LocalMultiModelEndpoint } from '../local/src/sagemaker/local-multi-model-endpoint.ts';
import type { BenchRow } from './bench-row.ts';
import { oneModelWorkspace } from './fixtures/one-model-workspace.ts';
import { keepAliveClient } from './keep-alive-client.ts';

const WIDTH = 30;
const ROUNDS = 5;
const PER_ROUND = 200;
const COLD_LOADS = 5;

export default async function run(): Promise<BenchRow[]> {
  const { dir, model } = await oneModelWorkspace('mlrelease-serving-bench-', WIDTH);
  const platform = await startPlatform({
    port: 0,
    stateDir: join(dir, 'state'),
    manifestPath: join(dir, 'models.yaml'),
    limits: { ratePerSecond: 1e6, burst: 1e6 },
    worker: { waitSeconds: 1 },
  });
  const row = Array.from({ length: WIDTH }, (_, i) => (i % 7) / 7);
  const session = await ort.InferenceSession.create(model);
  const feeds = { features: new ort.Tensor('float32', Float32Array.from(row), [1, WIDTH]) };
  const bare = createServer((req, res) => {
    req.resume();
    req.on('end', async () => {
      const out = await session.run(feeds);
      const body = JSON.stringify({ outputs: { score: { data: Array.from(out.score!.data as Float32Array) } } });
      res.writeHead(200, { 'content-type': 'application/json' }).end(body);
    });
  });
  await new Promise<void>((resolve) => bare.listen(0, '127.0.0.1', resolve));
  const serving = platform.internals.serving!;
  const containerUrl = await serving.ready;
  const api = keepAliveClient(platform.url, platform.devToken, 1);
  const bareClient = keepAliveClient(`http://127.0.0.1:${(bare.address() as AddressInfo).port}`, '', 1);
  const container = keepAliveClient(containerUrl, '', 1);
  try {
    // The API path routes to the stable version; its TargetModel is what the container serves.
    const targetModel = (await platform.internals.traffic.readTable()).routes.bench!.stable.targetModel;
    await serving.endpoint.warm(targetModel);
    const name = LocalMultiModelEndpoint.modelName(targetModel);
    const containerBody = encodeInvokeRequest({ features: { dtype: 'float32', shape: [1, WIDTH], data: row } });
    const apiBody = JSON.stringify({ inputs: [row] });
    const paths: Record<string, () => Promise<unknown>> = {
      raw: () => session.run(feeds),
      bare: () => ok(bareClient.call('POST', '/', '{}')),
      container: () => ok(container.call('POST', `/models/${name}/invoke`, containerBody)),
      api: () => ok(api.call('POST', '/v1/models/bench/invoke', apiBody)),
    };
    const samples: Record<string, number[]> = { raw: [], bare: [], container: [], api: [] };
    for (const fn of Object.values(paths)) for (let i = 0; i < 50; i++) await fn();
    // Interleaved rounds, so machine noise lands on every path alike.
    for (let round = 0; round < ROUNDS; round++)
      for (const [key, fn] of Object.entries(paths))
        for (let i = 0; i < PER_ROUND; i++) {
          const started = performance.now();
          await fn();
          samples[key]!.push(performance.now() - started);
        }
    const [raw, bareMs, containerMs, apiMs] = ['raw', 'bare', 'container', 'api'].map((k) => percentiles(samples[k]!));
    const cold = await coldVsWarm(dir, model, serving.endpoint, row);
    const ratio50 = apiMs!.p50 / bareMs!.p50;
    const ratio99 = apiMs!.p99 / bareMs!.p99;
    const n = `${ROUNDS * PER_ROUND} calls, 1 keep-alive client, tiny model 1x${WIDTH}`;
    return [
      {
        name: 'serving: raw session.run p50 / p99',
        value: raw!.p50,
        unit: 'ms',
        notes: `p99 ${fmt(raw!.p99)} ms; ${n}`,
      },
      {
        name: 'serving: bare node:http + session.run p50 / p99',
        value: bareMs!.p50,
        unit: 'ms',
        notes: `p99 ${fmt(bareMs!.p99)} ms; the floor for any HTTP path`,
      },
      {
        name: 'serving: container invoke p50 / p99',
        value: containerMs!.p50,
        unit: 'ms',
        notes: `p99 ${fmt(containerMs!.p99)} ms; child process, inference thread`,
      },
      {
        name: 'serving: sync API path p50 / p99',
        value: apiMs!.p50,
        unit: 'ms',
        notes: `p99 ${fmt(apiMs!.p99)} ms; auth, throttle, route, endpoint -> container`,
      },
      { name: 'serving: sync API / bare server, p50', value: ratio50, unit: 'x', target: '<= 1.2', ok: ratio50 <= 1.2 },
      { name: 'serving: sync API / bare server, p99', value: ratio99, unit: 'x', target: '<= 1.2', ok: ratio99 <= 1.2 },
      {
        name: 'serving: container cold load + call (median)',
        value: cold.coldMs,
        unit: 'ms',
        notes: `${COLD_LOADS} loads of a new TargetModel: unpack, POST /models, invoke`,
      },
      {
        name: 'serving: container warm call (median)',
        value: cold.warmMs,
        unit: 'ms',
        notes: `cold is ${fmt(cold.coldMs / cold.warmMs)}x warm`,
      },
    ];
  } finally {
    api.close();
    bareClient.close();
    container.close();
    bare.close();
    await session.release();
    await platform.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

async function coldVsWarm(dir: string, model: Uint8Array, endpoint: LocalMultiModelEndpoint, row: number[]) {
  const { DirArtifactStore } = await import('../model-registry/src/adapters/local/dir-artifact-store.ts');
  const artifacts = new DirArtifactStore(join(dir, 'state', 'artifacts'));
  const input = { features: { dtype: 'float32' as const, shape: [1, WIDTH], data: row } };
  const cold: number[] = [];
  const warm: number[] = [];
  for (let i = 0; i < COLD_LOADS; i++) {
    // Same graph, a new version: a TargetModel the container has never seen.
    const ref = await artifacts.put('bench', `9.${i}.0`, 'model.onnx', model);
    let started = performance.now();
    await endpoint.invoke(ref.key, input);
    cold.push(performance.now() - started);
    started = performance.now();
    await endpoint.invoke(ref.key, input);
    warm.push(performance.now() - started);
  }
  return { coldMs: percentiles(cold).p50, warmMs: percentiles(warm).p50 };
}

async function ok(call: Promise<{ status: number }>): Promise<void> {
  const res = await call;
  if (res.status !== 200) throw new Error(`answered ${res.status}`);
}

function percentiles(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  return { p50: at(0.5), p99: at(0.99) };
}

const fmt = (n: number) => (n < 1 ? n.toFixed(3) : n.toFixed(2));
