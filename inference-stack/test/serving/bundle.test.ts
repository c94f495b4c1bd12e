// The image runs the bundle the Dockerfile's build stage makes (bundle.mjs), not the TypeScript
// sources: build the same bundle and serve through it, started as SageMaker starts the image
// (`serve` argument). The image build itself needs Docker and happens only at deploy.
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error: plain ESM build script without type declarations
import { bundleServer } from '../../src/serving/bundle.mjs';
import { encodeInvokeRequest } from '../../src/serving/invoke-body.ts';
import { tinyOnnxModel } from '../support/tiny-onnx-model.ts';
import { type RunningContainer, runContainer } from './container-process.ts';

describe('serving container bundle (what the image runs)', () => {
  let dir: string;
  let container: RunningContainer;

  beforeAll(async () => {
    // Inside the repository, so the bundle resolves onnxruntime-node as the image's node_modules does.
    await mkdir('node_modules/.cache', { recursive: true });
    dir = await mkdtemp(join(process.cwd(), 'node_modules/.cache/serving-bundle-'));
    await (bundleServer as (outdir: string) => Promise<void>)(join(dir, 'serving'));
    await mkdir(join(dir, 'model'));
    await writeFile(join(dir, 'model', 'model.onnx'), tinyOnnxModel({ width: 2 }));
    container = await runContainer({}, [join(dir, 'serving', 'main.js'), 'serve']);
  });
  afterAll(async () => {
    await container?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('bundles main.js and its inference thread as separate ESM files', async () => {
    expect(JSON.parse(await readFile(join(dir, 'serving', 'package.json'), 'utf8'))).toEqual({ type: 'module' });
    await expect(readFile(join(dir, 'serving', 'inference-worker.js'), 'utf8')).resolves.toContain(
      'INFERENCE_MEMORY_CAP_BYTES',
    );
  });

  it('loads and invokes through the contract', async () => {
    const load = await fetch(`${container.url}/models`, {
      method: 'POST',
      body: JSON.stringify({ model_name: 'm', url: join(dir, 'model') }),
    });
    expect(load.status).toBe(200);
    const res = await fetch(`${container.url}/models/m/invoke`, {
      method: 'POST',
      body: encodeInvokeRequest({ features: { dtype: 'float32', shape: [1, 2], data: [1, 1] } }),
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { outputs: { score: { data: number[] } } };
    expect(body.outputs.score.data[0]).toBeCloseTo(1 / (1 + Math.exp(-0.2)), 6);
  });
});
