// A throw-away workspace for end-to-end tests: models.yaml with two models, tiny ONNX artifacts
// (two versions of alpha), and a stub controller that applies whatever routes the test wants.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tinyOnnxModel } from '../../../inference-stack/test/support/tiny-onnx-model.ts';
import { DirArtifactStore } from '../../../model-registry/src/adapters/local/dir-artifact-store.ts';
import { MemoryStateStore } from '../../../release-tools/src/adapters/local/memory-state-store.ts';
import { StateRouteTable } from '../../../release-tools/src/adapters/state-route-table.ts';
import type { ModelRoute } from '../../../release-tools/src/domain/route-table.ts';
import type { TrafficRouter } from '../../../release-tools/src/ports/traffic-router.ts';

export const manifestText = (alphaVersion = '1.0.0', alphaArtifact = 'models/alpha-1.onnx') => `apiVersion: mlrelease/v1
endpoint: { name: local-mme, instanceType: ml.c5.xlarge, instances: { min: 1, max: 2 } }
defaults:
  compile: { target: ml_c5 }
  release:
    strategy: canary
    steps: [ { weight: 30, bake: 1m } ]
    gates: { maxErrorRate: 5%, maxP99LatencyMs: 500, minRequests: 10 }
models:
  - name: alpha
    version: ${alphaVersion}
    artifact: ${alphaArtifact}
    framework: onnx
    input: { name: features, dtype: float32, shape: [-1, 3], maxBatch: 8 }
  - name: beta
    version: 1.0.0
    artifact: models/beta-1.onnx
    framework: onnx
    input: { name: features, dtype: float32, shape: [-1, 2] }
`;

export interface Workspace {
  readonly dir: string;
  readonly manifestPath: string;
  readonly stateDir: string;
  readonly artifacts: DirArtifactStore;
  readonly keys: { alpha1: string; alpha2: string; beta1: string };
  cleanup(): Promise<void>;
}

export async function makeWorkspace(): Promise<Workspace> {
  const dir = await mkdtemp(join(tmpdir(), 'mlrelease-e2e-'));
  await mkdir(join(dir, 'models'));
  const alpha1 = tinyOnnxModel({ width: 3, weight: 0.1 });
  const alpha2 = tinyOnnxModel({ width: 3, weight: 0.3 });
  const beta1 = tinyOnnxModel({ width: 2, weight: -0.2, bias: 0.5 });
  await writeFile(join(dir, 'models/alpha-1.onnx'), alpha1);
  await writeFile(join(dir, 'models/alpha-2.onnx'), alpha2);
  await writeFile(join(dir, 'models/beta-1.onnx'), beta1);
  const manifestPath = join(dir, 'models.yaml');
  await writeFile(manifestPath, manifestText());
  const stateDir = join(dir, '.mlrelease');
  const artifacts = new DirArtifactStore(join(stateDir, 'artifacts'));
  const keys = {
    alpha1: (await artifacts.put('alpha', '1.0.0', 'model.onnx', alpha1)).key,
    alpha2: (await artifacts.put('alpha', '2.0.0', 'model.onnx', alpha2)).key,
    beta1: (await artifacts.put('beta', '1.0.0', 'model.onnx', beta1)).key,
  };
  return { dir, manifestPath, stateDir, artifacts, keys, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** Applies `desired` routes on every reconcile, like a controller that has already decided. */
export class StubController {
  readonly traffic: TrafficRouter = new StateRouteTable(new MemoryStateStore());
  desired: ModelRoute[] = [];
  reconciles = 0;

  async reconcile(): Promise<unknown> {
    this.reconciles++;
    for (const route of this.desired) await this.traffic.setRoute(route);
    return { applied: this.desired.length };
  }
}

export const stableRoute = (model: string, version: string, targetModel: string): ModelRoute => ({
  model,
  stable: { version, targetModel },
  candidateWeight: 0,
  mode: 'weighted',
});

/** |observed - n·p| within z standard deviations of a binomial. */
export function withinBinomial(observed: number, n: number, p: number, z = 4.5): boolean {
  return Math.abs(observed - n * p) <= z * Math.sqrt(n * p * (1 - p));
}

export async function eventually<T>(probe: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
