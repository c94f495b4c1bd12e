// Inference data plane: the synchronous path's overhead (HTTP invoke through auth, throttle, route
// and host, vs a raw ONNX Runtime session.run on the same model, measured side by side) and the
// asynchronous path's throughput (submit -> object store -> topic -> queue -> worker -> result,
// predictions/s) on the 'local' data plane and on the 'fauxqs' one, side by side in one run.
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import * as ort from 'onnxruntime-node';
import type { DataPlaneKind, Durability } from '../local/src/data-plane.ts';
import { startPlatform } from '../local/src/platform.ts';
import { type BenchRow, medianMs } from './bench-row.ts';
import { oneModelWorkspace } from './fixtures/one-model-workspace.ts';
import { keepAliveClient } from './keep-alive-client.ts';

const WIDTH = 30;
const RUNS = 300;
const ASYNC_REQUESTS = { local: 3000, fauxqs: 400 };
const CLIENTS = 32;

export default async function run(): Promise<BenchRow[]> {
  const { dir, model } = await oneModelWorkspace('mlrelease-bench-', WIDTH);
  try {
    const sync = await syncOverhead(dir, model);
    // Side by side in one run, the same client and model: the data plane is the only difference.
    const local = await asyncThroughput(dir, 'local', ASYNC_REQUESTS.local);
    const localProcess = await asyncThroughput(dir, 'local', ASYNC_REQUESTS.local, 'process');
    const fauxqs = await asyncThroughput(dir, 'fauxqs', ASYNC_REQUESTS.fauxqs);
    return [
      ...sync,
      {
        name: 'inference: async throughput, local data plane (fsync before 202)',
        value: local.perSecond,
        unit: 'predictions/s',
        notes: `${ASYNC_REQUESTS.local} submits (${CLIENTS} keep-alive clients) to a result read back; client in a worker thread`,
      },
      {
        name: 'inference: async throughput, local data plane (--durability process)',
        value: localProcess.perSecond,
        unit: 'predictions/s',
        target: '>= 1000',
        ok: localProcess.perSecond >= 1000,
        notes: `same run; the 202 survives a kill -9 of the platform, not a power cut; ${(localProcess.perSecond / local.perSecond).toFixed(2)}x fsync`,
      },
      {
        name: 'inference: async throughput, fauxqs data plane',
        value: fauxqs.perSecond,
        unit: 'predictions/s',
        notes: `${ASYNC_REQUESTS.fauxqs} submits; AWS SDK adapters on the in-process emulator`,
      },
      { name: 'inference: async local vs fauxqs', value: local.perSecond / fauxqs.perSecond, unit: 'x' },
      {
        name: 'inference: async CPU per prediction, local',
        value: local.cpuMs,
        unit: 'ms',
        notes: `whole process (API, data plane, worker, model; the client is a worker thread in it); ${localProcess.cpuMs.toFixed(2)} ms without fsync`,
      },
      { name: 'inference: async CPU per prediction, fauxqs', value: fauxqs.cpuMs, unit: 'ms' },
    ];
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const startBenchPlatform = (dir: string, kind: DataPlaneKind, durability: Durability = 'power') =>
  startPlatform({
    port: 0,
    stateDir: join(dir, `state-${kind}-${durability}`),
    durability,
    manifestPath: join(dir, 'models.yaml'),
    dataPlane: kind,
    limits: { ratePerSecond: 1e6, burst: 1e6 },
    worker: { waitSeconds: 1 },
  });

async function syncOverhead(dir: string, model: Uint8Array): Promise<BenchRow[]> {
  const platform = await startBenchPlatform(dir, 'local');
  const client = keepAliveClient(platform.url, platform.devToken, 1);
  try {
    const row = Array.from({ length: WIDTH }, (_, i) => (i % 7) / 7);
    const session = await ort.InferenceSession.create(model);
    const feeds = { features: new ort.Tensor('float32', Float32Array.from(row), [1, WIDTH]) };
    const body = JSON.stringify({ inputs: [row] });
    const invoke = async () => {
      const response = await client.call('POST', '/v1/models/bench/invoke', body);
      if (response.status !== 200) throw new Error(`invoke answered ${response.status}`);
    };
    for (let i = 0; i < 30; i++) {
      await session.run(feeds);
      await invoke();
    }
    // Interleave the two measurements so machine noise hits both alike.
    let raw = 0;
    let http = 0;
    for (let round = 0; round < 3; round++) {
      raw += await medianMs(RUNS / 3, () => session.run(feeds));
      http += await medianMs(RUNS / 3, invoke);
    }
    raw /= 3;
    http /= 3;
    await session.release();
    return [
      { name: 'inference: raw session.run p50', value: raw, unit: 'ms', notes: `tiny model, 1x${WIDTH} float32` },
      {
        name: 'inference: sync HTTP invoke p50',
        value: http,
        unit: 'ms',
        notes: 'auth+throttle+route+host over node:http keep-alive',
      },
      { name: 'inference: sync path overhead', value: http - raw, unit: 'ms', target: '< 5 ms', ok: http - raw < 5 },
      { name: 'inference: sync overhead ratio', value: http / raw, unit: 'x', notes: 'HTTP invoke / raw session.run' },
    ];
  } finally {
    client.close();
    await platform.stop();
  }
}

async function asyncThroughput(
  dir: string,
  kind: DataPlaneKind,
  requests: number,
  durability: Durability = 'power',
): Promise<{ perSecond: number; cpuMs: number }> {
  const platform = await startBenchPlatform(dir, kind, durability);
  try {
    const load = (count: number) =>
      new Promise<{ totalMs: number }>((resolve, reject) => {
        const worker = new Worker(new URL('./async-load-client.mjs', import.meta.url), {
          workerData: {
            url: platform.url,
            token: platform.devToken,
            body: JSON.stringify({ inputs: [Array.from({ length: WIDTH }, (_, i) => i / WIDTH)] }),
            requests: count,
            clients: CLIENTS,
          },
        });
        worker.once('message', resolve);
        worker.once('error', reject);
      });
    await load(50);
    const cpuBefore = process.cpuUsage();
    const { totalMs } = await load(requests);
    const cpu = process.cpuUsage(cpuBefore);
    return { perSecond: requests / (totalMs / 1000), cpuMs: (cpu.user + cpu.system) / 1000 / requests };
  } finally {
    await platform.stop();
  }
}
