// The third example, shaped like a vision export ([batch, 3, height, width] in; label int64 and
// probabilities out), released 1.0.0 -> 1.1.0 by canary on the local platform through the real
// controller and serving container: both versions answer every output by name, then 1.1.0 is stable.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeModelVersion } from '../../release-tools/src/cli/write-manifest-version.ts';
import type { RolloutRecord } from '../../release-tools/src/domain/rollout/record.ts';
import type { EmbeddedReleaseControl } from '../src/embedded-release-control.ts';
import { IMAGE_CLASSIFIER_SIGNATURE, writeExampleModels } from '../src/example-models/index.ts';
import type { Platform } from '../src/platform.ts';
import { startControlledPlatform } from './support/controlled-platform.ts';
import { eventually, withinBinomial } from './support/platform-fixture.ts';

let dir: string;
let manifestPath: string;
let control: EmbeddedReleaseControl;
let platform: Platform;
let now = Date.UTC(2026, 11, 2, 12);
const clock = { now: () => now, sleep: async () => {} };

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mlrelease-image-e2e-'));
  await writeExampleModels(dir);
  manifestPath = join(dir, 'models.yaml');
  await writeFile(
    manifestPath,
    `apiVersion: mlrelease/v1
endpoint: { name: e2e-mme, instanceType: ml.c5.xlarge, instances: { min: 1, max: 2 } }
defaults:
  compile: { target: ml_c5 }
  release:
    strategy: canary
    steps: [ { weight: 30, bake: 10s } ]
    gates: { maxErrorRate: 2%, maxP99LatencyMs: 2000, minRequests: 20 }
models:
  - name: image-classifier
    version: 1.0.0
    artifact: models/image-classifier/1.0.0/model.onnx
    framework: onnx
${IMAGE_CLASSIFIER_SIGNATURE}
`,
  );
  ({ control, platform } = await startControlledPlatform({ dir, manifestPath, clock, seeds: [3, 17] }));
});

afterAll(async () => {
  await platform?.stop();
  await control?.stop();
  await rm(dir, { recursive: true, force: true });
});

// Two 3 x 4 x 5 images as nested arrays, the way a caller would send a batch.
const image = (seed: number) =>
  Array.from({ length: 3 }, (_, c) =>
    Array.from({ length: 4 }, (_, y) => Array.from({ length: 5 }, (_, x) => Math.sin(seed + c + y * 0.5 + x * 0.2))),
  );

interface Answer {
  status: number;
  version: string;
  track: string;
  outputs: Record<string, { dtype: string; shape: number[]; data: (number | string)[] }>;
}

async function invoke(n: number): Promise<Answer[]> {
  const seen: Answer[] = [];
  for (let i = 0; i < n; i++) {
    const response = await fetch(`${platform.url}/v1/models/image-classifier/invoke`, {
      method: 'POST',
      headers: { authorization: `Bearer ${platform.devToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ inputs: { image: [image(i), image(i + 1)] } }),
    });
    seen.push({ status: response.status, ...((await response.json()) as Omit<Answer, 'status'>) });
  }
  return seen;
}

const record = async () => (await control.store.get<RolloutRecord>('rollouts/image-classifier'))?.value;

describe('image classifier, [N, 3, H, W] in and two outputs, released by canary', () => {
  it('serves 1.0.0, then releases 1.1.0 by canary with label and probabilities from both', {
    timeout: 180_000,
  }, async () => {
    await eventually(async () => ((await record())?.phase === 'Promoted' ? true : undefined));
    const [first] = await invoke(1);
    expect(first).toMatchObject({ status: 200, version: '1.0.0', track: 'stable' });
    expect(first!.outputs.label).toMatchObject({ dtype: 'int64', shape: [2] });
    expect(first!.outputs.probabilities).toMatchObject({ dtype: 'float32', shape: [2, 4] });

    await writeModelVersion(manifestPath, 'image-classifier', '1.1.0', 'models/image-classifier/1.1.0/model.onnx');
    await eventually(async () => {
      const r = await record();
      return r?.release.version === '1.1.0' && r.phase === 'Progressing' ? true : undefined;
    });
    const canary = await invoke(100);

    expect(canary.every((a) => a.status === 200 && a.outputs.label && a.outputs.probabilities)).toBe(true);
    const candidate = canary.filter((a) => a.track === 'candidate');
    expect(withinBinomial(candidate.length, 100, 0.3)).toBe(true);
    expect(candidate.every((a) => a.version === '1.1.0')).toBe(true);
    for (const a of canary) {
      const p = a.outputs.probabilities!.data.slice(0, 4) as number[];
      expect(p.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 5);
    }

    now += 11_000;
    await platform.internals.reconcile();
    expect(await record()).toMatchObject({ phase: 'Promoted', stable: { version: '1.1.0' } });
  });
});
