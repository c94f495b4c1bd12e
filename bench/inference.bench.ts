// Inference data plane: the synchronous path's overhead (HTTP invoke through auth, throttle, route
// and host, vs a raw ONNX Runtime session.run on the same model, measured side by side) and the
// asynchronous path's throughput (submit -> S3 -> SNS -> SQS -> worker -> result, predictions/s).
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { tinyOnnxModel } from '../inference-stack/test/support/tiny-onnx-model.ts';
import { startPlatform } from '../local/src/platform.ts';
import { type BenchRow, medianMs } from './bench-row.ts';

const WIDTH = 30;
const RUNS = 300;
const ASYNC_REQUESTS = 400;

export default async function run(): Promise<BenchRow[]> {
  const dir = await mkdtemp(join(tmpdir(), 'mlrelease-bench-'));
  const model = tinyOnnxModel({ width: WIDTH });
  await mkdir(join(dir, 'models'));
  await writeFile(join(dir, 'models/m.onnx'), model);
  await writeFile(join(dir, 'models.yaml'), manifest());
  const platform = await startPlatform({
    port: 0,
    stateDir: join(dir, 'state'),
    manifestPath: join(dir, 'models.yaml'),
    limits: { ratePerSecond: 1e6, burst: 1e6 },
    worker: { waitSeconds: 1 },
  });
  try {
    const row = Array.from({ length: WIDTH }, (_, i) => (i % 7) / 7);
    const session = await ort.InferenceSession.create(model);
    const feeds = { features: new ort.Tensor('float32', Float32Array.from(row), [1, WIDTH]) };
    const body = JSON.stringify({ inputs: [row] });
    const headers = { authorization: `Bearer ${platform.devToken}`, 'content-type': 'application/json' };
    const invoke = async () => {
      const response = await fetch(`${platform.url}/v1/models/bench/invoke`, { method: 'POST', headers, body });
      if (response.status !== 200) throw new Error(`invoke answered ${response.status}`);
      await response.arrayBuffer();
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

    const cpuBefore = process.cpuUsage();
    const perSecond = await asyncThroughput(platform.url, headers, body);
    const cpu = process.cpuUsage(cpuBefore);
    const cpuMsPerPrediction = (cpu.user + cpu.system) / 1000 / ASYNC_REQUESTS;
    return [
      { name: 'inference: raw session.run p50', value: raw, unit: 'ms', notes: `tiny model, 1x${WIDTH} float32` },
      {
        name: 'inference: sync HTTP invoke p50',
        value: http,
        unit: 'ms',
        notes: 'auth+throttle+route+host over node:http',
      },
      { name: 'inference: sync path overhead', value: http - raw, unit: 'ms', target: '< 5 ms', ok: http - raw < 5 },
      { name: 'inference: sync overhead ratio', value: http / raw, unit: 'x', notes: 'HTTP invoke / raw session.run' },
      {
        name: 'inference: async throughput',
        value: perSecond,
        unit: 'predictions/s',
        notes: `${ASYNC_REQUESTS} submits (16 clients) to done; ~8 emulator calls/prediction, one process`,
      },
      {
        name: 'inference: async CPU per prediction',
        value: cpuMsPerPrediction,
        unit: 'ms',
        notes: 'whole process (API, emulator, worker, client); throughput ceiling is ~1000/this per core',
      },
    ];
  } finally {
    await platform.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

async function asyncThroughput(url: string, headers: Record<string, string>, body: string): Promise<number> {
  const started = performance.now();
  const ids: string[] = [];
  const submitOne = async () => {
    const response = await fetch(`${url}/v1/models/bench/predictions`, { method: 'POST', headers, body });
    ids.push(((await response.json()) as { id: string }).id);
  };
  const workers = Array.from({ length: 16 }, async (_, w) => {
    for (let i = w; i < ASYNC_REQUESTS; i += 16) await submitOne();
  });
  await Promise.all(workers);
  // Results are polled the way a client would, oldest first.
  for (const id of ids) {
    for (;;) {
      const response = await fetch(`${url}/v1/predictions/${id}`, { headers });
      if (((await response.json()) as { status: string }).status !== 'pending') break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
  return ASYNC_REQUESTS / ((performance.now() - started) / 1000);
}

function manifest(): string {
  return `apiVersion: mlrelease/v1
endpoint: { name: bench, instanceType: ml.c5.xlarge, instances: { min: 1, max: 1 } }
defaults:
  compile: { target: ml_c5 }
  release: { strategy: all-at-once, gates: { maxErrorRate: 1%, maxP99LatencyMs: 200, minRequests: 10 } }
models:
  - name: bench
    version: 1.0.0
    artifact: models/m.onnx
    framework: onnx
    input: { name: features, dtype: float32, shape: [-1, ${WIDTH}], maxBatch: 8 }
`;
}
