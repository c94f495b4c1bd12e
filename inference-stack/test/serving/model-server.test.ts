// The serving container against SageMaker's multi-model container contract, through its real
// entry point in a child process: verbs, status codes, port, and an event loop that inference
// does not block.
import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeInvokeRequest } from '../../src/serving/invoke-body.ts';
import { heavyOnnxModel } from '../support/heavy-onnx-model.ts';
import { tinyOnnxModel } from '../support/tiny-onnx-model.ts';
import { type RunningContainer, runContainer } from './container-process.ts';

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));
const features = (shape: number[], data: number[]) => ({ features: { dtype: 'float32' as const, shape, data } });
const row = features([1, 3], [1, 2, 3]);

const vadDist = join(dirname(createRequire(import.meta.url).resolve('@ricky0123/vad-web/package.json')), 'dist');

interface ContainerBody {
  readonly error: { readonly code: string; readonly message: string };
  readonly outputs: Record<string, { readonly dtype: string; readonly shape: number[]; readonly data: number[] }>;
  readonly models: unknown[];
}

let root: string;
const dirs: Record<string, string> = {};
async function modelDir(name: string, files: Record<string, Uint8Array | string>) {
  const dir = join(root, name, 'model');
  await mkdir(dir, { recursive: true });
  for (const [file, bytes] of Object.entries(files)) await writeFile(join(dir, file), bytes);
  dirs[name] = dir;
  return dir;
}

async function call(c: RunningContainer, method: string, path: string, body?: unknown) {
  const res = await fetch(`${c.url}${path}`, {
    method,
    headers: { 'content-type': 'application/json', 'x-amzn-sagemaker-target-model': 'm/1.0.0-abc/model.tar.gz' },
    ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
  });
  return { status: res.status, body: (await res.json()) as ContainerBody };
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'model-server-'));
  const tiny = tinyOnnxModel({ width: 3 });
  await modelDir('tiny', { 'model.onnx': tiny, 'signature.json': JSON.stringify({ inputs: [{ name: 'features' }] }) });
  await modelDir('other', { 'model.optimized.onnx': tinyOnnxModel({ width: 3, bias: 1 }) });
  await modelDir('broken', { 'model.onnx': 'not an onnx file' });
  await modelDir('heavy', { 'model.onnx': heavyOnnxModel({ width: 256, layers: 40 }) });
  await copyFile(join(vadDist, 'silero_vad_v5.onnx'), join(await modelDir('vad', {}), 'model.onnx'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('serving container: multi-model contract', () => {
  let c: RunningContainer;
  beforeAll(async () => {
    c = await runContainer();
  });
  afterAll(async () => {
    await c.stop();
  });

  it('answers GET /ping with 200', async () => {
    expect((await call(c, 'GET', '/ping')).status).toBe(200);
  });

  it('loads a model by model_name and url, and refuses the same name again with 409', async () => {
    expect(await call(c, 'POST', '/models', { model_name: 'a', url: dirs.tiny })).toMatchObject({ status: 200 });
    expect(await call(c, 'POST', '/models', { model_name: 'a', url: dirs.tiny })).toMatchObject({ status: 409 });
  });

  it('invokes a loaded model with the body the worker sends and answers its outputs by name', async () => {
    const res = await call(c, 'POST', '/models/a/invoke', encodeInvokeRequest(row));
    expect(res.status).toBe(200);
    expect(res.body.outputs.score!.shape).toEqual([1, 1]);
    expect(res.body.outputs.score!.data[0]).toBeCloseTo(sigmoid(0.6), 6);
  });

  it('reads the body as the single-input code wrote it, and answers each output with its dtype', async () => {
    // Exactly what encodeInvokeRequest wrote before named tensors (one input, no int64 strings).
    const before = '{"inputs":{"features":{"dtype":"float32","shape":[1,3],"data":[1,2,3]}}}';
    const res = await call(c, 'POST', '/models/a/invoke', before);
    expect(res.status).toBe(200);
    expect(res.body.outputs.score).toMatchObject({ dtype: 'float32', shape: [1, 1] });
  });

  it('runs a multi-input model no one here wrote (Silero VAD v5: input, state, int64 scalar sr)', async () => {
    expect((await call(c, 'POST', '/models', { model_name: 'vad', url: dirs.vad })).status).toBe(200);
    const tone = Array.from({ length: 512 }, (_, i) => 0.5 * Math.sin((2 * Math.PI * 440 * i) / 16000));
    const res = await call(
      c,
      'POST',
      '/models/vad/invoke',
      encodeInvokeRequest({
        input: { dtype: 'float32', shape: [1, 512], data: tone },
        state: { dtype: 'float32', shape: [2, 1, 128], data: new Array(256).fill(0) },
        sr: { dtype: 'int64', shape: [], data: ['16000'] },
      }),
    );
    expect(res.status).toBe(200);
    expect(Object.keys(res.body.outputs).sort()).toEqual(['output', 'stateN']);
    expect(res.body.outputs.output).toMatchObject({ dtype: 'float32', shape: [1, 1] });
    expect(res.body.outputs.stateN).toMatchObject({ dtype: 'float32', shape: [2, 1, 128] });
    const missingSr = await call(c, 'POST', '/models/vad/invoke', {
      inputs: { input: { dtype: 'float32', shape: [1, 512], data: tone } },
    });
    // The caller's mistake, said by field path, not a model failure (SageMaker: OriginalStatusCode 400).
    expect(missingSr).toMatchObject({ status: 400, body: { error: { code: 'InvalidInput' } } });
    expect(missingSr.body.error.message).toMatch(/inputs\.state: is required.*inputs\.sr: is required/);
    expect(missingSr.body.error.message).toContain('the model takes input, state, sr');
  });

  it('lists loaded models and describes one, with its packaged signature', async () => {
    await call(c, 'POST', '/models', { model_name: 'b', url: dirs.other });
    const list = await call(c, 'GET', '/models');
    expect(list.body.models).toEqual(
      expect.arrayContaining([
        { modelName: 'a', modelUrl: dirs.tiny },
        { modelName: 'b', modelUrl: dirs.other },
      ]),
    );
    expect(await call(c, 'GET', '/models/a')).toEqual({
      status: 200,
      body: { modelName: 'a', modelUrl: dirs.tiny, signature: { inputs: [{ name: 'features' }] } },
    });
    // A directory with one .onnx file under another name loads too (earlier artifacts).
    const b = await call(c, 'POST', '/models/b/invoke', encodeInvokeRequest(row));
    expect(b.body.outputs.score!.data[0]).toBeCloseTo(sigmoid(1.6), 6);
  });

  it('answers 404 for a model that is not loaded, on get, invoke and delete', async () => {
    expect((await call(c, 'GET', '/models/nope')).status).toBe(404);
    expect((await call(c, 'POST', '/models/nope/invoke', encodeInvokeRequest(row))).status).toBe(404);
    expect((await call(c, 'DELETE', '/models/nope')).status).toBe(404);
  });

  it('unloads with DELETE: 200, then the name is unknown and can be loaded again', async () => {
    expect((await call(c, 'DELETE', '/models/b')).status).toBe(200);
    expect((await call(c, 'GET', '/models/b')).status).toBe(404);
    expect((await call(c, 'DELETE', '/models/b')).status).toBe(404);
    expect((await call(c, 'POST', '/models', { model_name: 'b', url: dirs.other })).status).toBe(200);
  });

  it('answers 400 naming the field for a body it cannot read', async () => {
    const res = await call(c, 'POST', '/models/a/invoke', {
      inputs: { features: { dtype: 'float32', shape: [1, 3] } },
    });
    expect(res).toMatchObject({
      status: 400,
      body: { error: { message: expect.stringContaining('inputs.features.data') } },
    });
    expect((await call(c, 'POST', '/models', { model_name: 'x' })).status).toBe(400);
  });

  it('reports a model that cannot load, and a model that fails at run time, as errors of that model', async () => {
    const load = await call(c, 'POST', '/models', { model_name: 'broken', url: dirs.broken });
    expect(load).toMatchObject({ status: 500, body: { error: { code: 'ModelLoadError' } } });
    expect((await call(c, 'GET', '/models/broken')).status).toBe(404);
    const wrongWidth = features([1, 2], [1, 2]);
    const run = await call(c, 'POST', '/models/a/invoke', encodeInvokeRequest(wrongWidth));
    expect(run).toMatchObject({ status: 500, body: { error: { code: 'ModelError' } } });
    expect(run.body.error.message).toContain('m/1.0.0-abc/model.tar.gz');
  });

  it('answers /ping and other models while a long inference runs (inference is off the HTTP thread)', async () => {
    await call(c, 'POST', '/models', { model_name: 'heavy', url: dirs.heavy });
    const rows = 600;
    const heavyInput = features([rows, 256], new Array(rows * 256).fill(0.5));
    const order: string[] = [];
    const heavy = call(c, 'POST', '/models/heavy/invoke', encodeInvokeRequest(heavyInput)).then((r) => {
      order.push('heavy');
      return r;
    });
    // Wait until the heavy call has reached the container before asking for anything else.
    await new Promise((resolve) => setTimeout(resolve, 50));
    await call(c, 'GET', '/ping').then(() => order.push('ping'));
    expect((await heavy).status).toBe(200);
    expect(order).toEqual(['ping', 'heavy']);
  });
});

describe('serving container: memory and port', () => {
  it('answers 507 when a load would exceed its memory cap, and loads once another is unloaded', async () => {
    const bytes = tinyOnnxModel({ width: 3 }).byteLength;
    const c = await runContainer({ MODEL_SERVER_MEMORY_CAP_BYTES: String(Math.floor(bytes * 1.5)) });
    try {
      expect((await call(c, 'POST', '/models', { model_name: 'a', url: dirs.tiny })).status).toBe(200);
      expect(await call(c, 'POST', '/models', { model_name: 'b', url: dirs.tiny })).toMatchObject({
        status: 507,
        body: { error: { code: 'InsufficientMemory' } },
      });
      expect((await call(c, 'DELETE', '/models/a')).status).toBe(200);
      expect((await call(c, 'POST', '/models', { model_name: 'b', url: dirs.tiny })).status).toBe(200);
    } finally {
      await c.stop();
    }
  });

  it('listens on SAGEMAKER_BIND_TO_PORT', async () => {
    const free = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const port = (probe.address() as { port: number }).port;
        probe.close(() => resolve(port));
      });
    });
    const c = await runContainer({ SAGEMAKER_BIND_TO_PORT: String(free) });
    try {
      expect(c.port).toBe(free);
      expect((await call(c, 'GET', '/ping')).status).toBe(200);
    } finally {
      await c.stop();
    }
  });
});
