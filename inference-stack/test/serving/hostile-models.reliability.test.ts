// Hostile models against the serving container's real entry point (issue 15, findings 2 and 3):
// a model that never ends and a 200-byte model that expands 64 rows into 2 GiB. Each must answer
// an error of its own (504 ModelTimeout, 500 ModelError) within its deadline, while /ping and other
// models keep answering, and the inference process must stay under its memory ceiling.
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeInvokeRequest } from '../../src/serving/invoke-body.ts';
import { endlessLoopOnnxModel, expandingOnnxModel } from '../support/hostile-onnx-models.ts';
import { tinyOnnxModel } from '../support/tiny-onnx-model.ts';
import { type RunningContainer, runContainer } from './container-process.ts';

const LIMIT_BYTES = 768 * 2 ** 20;
const DEADLINE_MS = 2_000;
let root: string;
let c: RunningContainer;

async function call(method: string, path: string, body?: unknown) {
  const res = await fetch(`${c.url}${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
  });
  return { status: res.status, body: (await res.json()) as { error?: { code: string; message: string } } };
}
const rows = (batch: number, width: number) => ({
  features: {
    dtype: 'float32' as const,
    shape: [batch, width],
    data: Array.from({ length: batch * width }, (_, i) => i % 7),
  },
});
const invoke = (name: string, batch: number, width: number) =>
  call('POST', `/models/${name}/invoke`, encodeInvokeRequest(rows(batch, width)));

/** The container's children (the inference process), from /proc. */
async function childPids(pid: number): Promise<number[]> {
  const found: number[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = await readFile(`/proc/${entry}/stat`, 'utf8').catch(() => '');
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    if (ppid === pid) found.push(Number(entry));
  }
  return found;
}
const peakRssBytes = async (pid: number) =>
  Number(/VmHWM:\s+(\d+) kB/.exec(await readFile(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) * 1024;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'hostile-models-'));
  const models: Record<string, Uint8Array> = {
    tiny: tinyOnnxModel({ width: 2 }),
    endless: endlessLoopOnnxModel({ width: 2 }),
    expanding: expandingOnnxModel({ width: 2 }),
  };
  for (const [name, bytes] of Object.entries(models)) {
    await mkdir(join(root, name), { recursive: true });
    await writeFile(join(root, name, 'model.onnx'), bytes);
  }
  c = await runContainer({
    MODEL_SERVER_INVOKE_TIMEOUT_MS: String(DEADLINE_MS),
    MODEL_SERVER_MEMORY_LIMIT_BYTES: String(LIMIT_BYTES),
  });
  for (const name of Object.keys(models))
    expect((await call('POST', '/models', { model_name: name, url: join(root, name) })).status).toBe(200);
});

afterAll(async () => {
  await c?.stop();
  await rm(root, { recursive: true, force: true });
});

describe('hostile models in the serving container (reliability)', () => {
  it('ends a model that never returns at its deadline with 504 ModelTimeout; /ping answers meanwhile', async () => {
    // Act
    const started = performance.now();
    const endless = invoke('endless', 4, 2);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const ping = await call('GET', '/ping');
    const pingMs = performance.now() - started;
    const answer = await endless;
    // Assess
    expect(ping.status).toBe(200);
    expect(pingMs).toBeLessThan(DEADLINE_MS);
    expect(answer.status).toBe(504);
    expect(answer.body.error?.code).toBe('ModelTimeout');
    // The restarted inference process has the models again.
    expect((await invoke('tiny', 1, 2)).status).toBe(200);
  });

  it('refuses an allocation past the memory ceiling as that model error, and keeps serving', async () => {
    // Act: 64 rows (within a maxBatch of 64) expand to 64 x 2 x 2^22 float32 = 2 GiB.
    const answer = await invoke('expanding', 64, 2);
    // Assess
    expect(answer.status).toBeGreaterThanOrEqual(500);
    expect(['ModelError', 'InferenceRestarted']).toContain(answer.body.error?.code);
    const [inferencePid] = await childPids(c.child.pid!);
    expect(inferencePid).toBeDefined();
    expect(await peakRssBytes(inferencePid!)).toBeLessThan(LIMIT_BYTES);
    expect((await invoke('tiny', 1, 2)).status).toBe(200);
    expect((await call('GET', '/ping')).status).toBe(200);
  });
});
