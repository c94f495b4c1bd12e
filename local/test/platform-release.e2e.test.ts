// End to end with the real release controller, in process on port 0: the example ONNX models,
// models.yaml edits as the trigger, the route table, the worker's metrics, the alarm evaluator.
// Time is a manual clock, so bakes and alarm periods pass when the test says so.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeModelVersion } from '../../release-tools/src/cli/write-manifest-version.ts';
import type { RolloutRecord } from '../../release-tools/src/domain/rollout/record.ts';
import type { EmbeddedReleaseControl } from '../src/embedded-release-control.ts';
import { writeExampleModels } from '../src/example-models/index.ts';
import type { Platform } from '../src/platform.ts';
import { startControlledPlatform } from './support/controlled-platform.ts';
import { eventually, withinBinomial } from './support/platform-fixture.ts';

const MANIFEST = `apiVersion: mlrelease/v1
endpoint: { name: e2e-mme, instanceType: ml.c5.xlarge, instances: { min: 1, max: 2 } }
defaults:
  compile: { target: ml_c5 }
  release:
    strategy: canary
    steps: [ { weight: 20, bake: 10s }, { weight: 50, bake: 10s } ]
    gates: { maxErrorRate: 2%, maxP99LatencyMs: 250, minRequests: 20 }
models:
  - name: fraud-detector
    version: 1.0.0
    artifact: models/fraud-detector/1.0.0/model.onnx
    framework: onnx
    input: { name: features, dtype: float32, shape: [-1, 30] }
  - name: churn-scorer
    version: 1.0.0
    artifact: models/churn-scorer/1.0.0/model.onnx
    framework: onnx
    input: { name: features, dtype: float32, shape: [-1, 12] }
`;

let dir: string;
let manifestPath: string;
let control: EmbeddedReleaseControl;
let platform: Platform;
let now = Date.UTC(2026, 10, 24, 12);
const clock = { now: () => now, sleep: async () => {} };
const advance = (ms: number) => {
  now += ms;
};

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mlrelease-release-e2e-'));
  manifestPath = join(dir, 'models.yaml');
  await writeFile(manifestPath, MANIFEST);
  await writeExampleModels(dir);
  ({ control, platform } = await startControlledPlatform({ dir, manifestPath, clock, seeds: [3, 11] }));
});

afterAll(async () => {
  await platform?.stop();
  await control?.stop();
  await rm(dir, { recursive: true, force: true });
});

const row = (width: number, seed: number) => Array.from({ length: width }, (_, i) => ((i * 7 + seed) % 10) / 10);

async function invoke(model: string, n: number, width = 30) {
  const seen: { status: number; version: string; track: string }[] = [];
  for (let i = 0; i < n; i++) {
    const response = await fetch(`${platform.url}/v1/models/${model}/invoke`, {
      method: 'POST',
      headers: { authorization: `Bearer ${platform.devToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ inputs: [row(width, i)] }),
    });
    const body = (await response.json()) as { version: string; track: string };
    seen.push({ status: response.status, version: body.version, track: body.track });
  }
  return seen;
}

const record = async (model: string) => (await control.store.get<RolloutRecord>(`rollouts/${model}`))?.value;
const phaseOf = (model: string, version: string) => eventually(() => control.rolloutPhase(model, version));

describe('releases through the real controller', () => {
  it('serves the first version of both models as stable', async () => {
    const fraud = await invoke('fraud-detector', 5);
    const churn = await invoke('churn-scorer', 5, 12);

    expect(fraud.every((r) => r.status === 200 && r.version === '1.0.0' && r.track === 'stable')).toBe(true);
    expect(churn.every((r) => r.status === 200 && r.version === '1.0.0')).toBe(true);
  });

  // Hundreds of calls through the serving container process: on a loaded machine that takes a while.
  it('shifts traffic by canary weight and promotes a healthy version', { timeout: 120_000 }, async () => {
    await writeModelVersion(manifestPath, 'fraud-detector', '1.1.0', 'models/fraud-detector/1.1.0/model.onnx');
    await eventually(async () => ((await phaseOf('fraud-detector', '1.1.0')) === 'Progressing' ? true : undefined));

    const first = await invoke('fraud-detector', 400);
    const canary = first.filter((r) => r.track === 'candidate');
    expect(withinBinomial(canary.length, 400, 0.2)).toBe(true);
    expect(canary.every((r) => r.version === '1.1.0' && r.status === 200)).toBe(true);

    advance(11_000);
    await platform.internals.reconcile();
    expect((await record('fraud-detector'))?.weight).toBe(50);
    const second = await invoke('fraud-detector', 200);
    expect(withinBinomial(second.filter((r) => r.track === 'candidate').length, 200, 0.5)).toBe(true);

    advance(11_000);
    await platform.internals.reconcile();
    expect((await record('fraud-detector'))?.phase).toBe('Promoted');
    const after = await invoke('fraud-detector', 20);
    expect(after.every((r) => r.version === '1.1.0' && r.track === 'stable')).toBe(true);
  });

  it('rolls a failing version back on the alarm change, before the next tick, with no request lost to it', {
    timeout: 120_000,
  }, async () => {
    await writeModelVersion(manifestPath, 'fraud-detector', '1.3.0', 'models/fraud-detector/1.3.0/model.onnx');
    await eventually(async () => ((await phaseOf('fraud-detector', '1.3.0')) === 'Progressing' ? true : undefined));
    // Two alarm periods (5 s each) with candidate errors, then one alarm evaluation.
    const failed = [...(await invoke('fraud-detector', 100))];
    advance(5_000);
    failed.push(...(await invoke('fraud-detector', 100)));
    advance(5_000);
    expect(failed.filter((r) => r.track === 'candidate').every((r) => r.status === 424)).toBe(true);
    const alarmAt = now;

    control.alarms.evaluate(now);

    // The alarm change wakes the controller at once; the clock does not move, so no tick passes.
    const rolledBack = await eventually(async () => {
      const r = await record('fraud-detector');
      return r?.phase === 'RolledBack' ? r : undefined;
    });
    const event = rolledBack.history.at(-1)!;
    expect(event).toMatchObject({ type: 'rolled-back', version: '1.3.0' });
    expect(event.at).toBeLessThanOrEqual(alarmAt);
    expect(rolledBack.rolledBackVersions).toContain('1.3.0');
    // The record is written before the route in the same reconcile: let that reconcile finish.
    await platform.internals.reconcile();
    const after = await invoke('fraud-detector', 50);
    expect(after.every((r) => r.status === 200 && r.version === '1.1.0' && r.track === 'stable')).toBe(true);
  });

  it('shows the rollout on the dashboard data', async () => {
    const response = await fetch(`${platform.url}/dashboard/data.json`, {
      headers: { authorization: `Bearer ${platform.devToken}` },
    });
    const data = (await response.json()) as { models: { model: string; phase: string }[] };

    expect(response.status).toBe(200);
    expect(data.models.map((m) => [m.model, m.phase])).toEqual([
      ['churn-scorer', 'Promoted'],
      ['fraud-detector', 'RolledBack'],
    ]);
  });
});
