// Shadow releases end to end with the real controller, in process on port 0: a version whose outputs
// differ from stable's on ~5% of inputs (same speed, no errors) is stopped by the divergence gate on
// mirrored requests, while a version with identical outputs passes; callers only ever get stable's
// answers. Time is a manual clock, so the shadow's duration passes when the test says so.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seededRandom } from '../../inference-stack/test/support/seeded-random.ts';
import { writeModelVersion } from '../../release-tools/src/cli/write-manifest-version.ts';
import type { RolloutRecord } from '../../release-tools/src/domain/rollout/record.ts';
import type { EmbeddedReleaseControl } from '../src/embedded-release-control.ts';
import { writeExampleModels } from '../src/example-models/index.ts';
import type { Platform } from '../src/platform.ts';
import { startControlledPlatform } from './support/controlled-platform.ts';
import { eventually } from './support/platform-fixture.ts';

const MANIFEST = `apiVersion: mlrelease/v1
endpoint: { name: e2e-mme, instanceType: ml.c5.xlarge, instances: { min: 1, max: 2 } }
defaults:
  compile: { target: ml_c5 }
models:
  - name: churn-scorer
    version: 1.0.0
    artifact: models/churn-scorer/1.0.0/model.onnx
    framework: onnx
    input: { name: features, dtype: float32, shape: [-1, 12] }
    release:
      strategy: shadow
      sample: 100%
      duration: 10s
      gates:
        maxErrorRate: 2%
        maxP99LatencyMs: 2000
        minRequests: 100
        maxDivergence: { metric: abs-diff-p99, threshold: 0.01, alpha: 0.05 }
`;

let dir: string;
let manifestPath: string;
let control: EmbeddedReleaseControl;
let platform: Platform;
let now = Date.UTC(2026, 11, 2, 12);
const clock = { now: () => now, sleep: async () => {} };
const inputs = seededRandom(5);

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mlrelease-shadow-e2e-'));
  manifestPath = join(dir, 'models.yaml');
  await writeFile(manifestPath, MANIFEST);
  await writeExampleModels(dir);
  ({ control, platform } = await startControlledPlatform({ dir, manifestPath, clock, seeds: [3, 11] }));
}, 60_000);

afterAll(async () => {
  await platform?.stop();
  await control?.stop();
  await rm(dir, { recursive: true, force: true });
});

/** Features as sampleInputs draws them (0.00..1.00), the first one above DIVERGES_ABOVE on 5% of rows. */
let sent = 0;
const features = () => {
  const row = Array.from({ length: 12 }, () => Math.round(inputs() * 100) / 100);
  // Exactly every 20th request is one the divergent version answers differently (5%); the others are not.
  row[0] = ++sent % 20 === 0 ? 0.96 + Math.round(inputs() * 4) / 100 : Math.round(inputs() * 95) / 100;
  return row;
};

async function invoke(n: number) {
  const seen: { status: number; version: string; track: string }[] = [];
  for (let i = 0; i < n; i++) {
    const response = await fetch(`${platform.url}/v1/models/churn-scorer/invoke`, {
      method: 'POST',
      headers: { authorization: `Bearer ${platform.devToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ inputs: [features()] }),
    });
    const body = (await response.json()) as { version: string; track: string };
    seen.push({ status: response.status, version: body.version, track: body.track });
  }
  return seen;
}

const record = async () => (await control.store.get<RolloutRecord>('rollouts/churn-scorer'))?.value;
const pairsOf = async (version: string) =>
  control.mirrors.pairs({ model: 'churn-scorer', candidateVersion: version, since: 0, until: Number.MAX_SAFE_INTEGER });

async function shadowing(version: string) {
  await writeModelVersion(manifestPath, 'churn-scorer', version, `models/churn-scorer/${version}/model.onnx`);
  await eventually(async () =>
    (await control.rolloutPhase('churn-scorer', version)) === 'Progressing' ? true : undefined,
  );
}

describe('shadow release with the divergence gate', () => {
  it('rolls back a version whose outputs differ on ~5% of inputs, naming example requests', {
    timeout: 180_000,
  }, async () => {
    await shadowing('1.4.0');

    const answers = await invoke(400);
    // Mirrored off the response path: wait for the mirror to have compared them (the first few may
    // have reached stable before the route cache saw the shadow's route).
    await eventually(async () => ((await pairsOf('1.4.0')).pairs.length >= 380 ? true : undefined));
    await platform.internals.reconcile();

    // The callers only ever got stable's answers.
    expect(answers.every((a) => a.status === 200 && a.version === '1.0.0' && a.track === 'stable')).toBe(true);
    const rolledBack = await record();
    expect(rolledBack?.phase).toBe('RolledBack');
    const event = rolledBack!.history.at(-1)!;
    expect(event).toMatchObject({ type: 'rolled-back', version: '1.4.0' });
    expect(event.why).toMatch(
      /^divergence: candidate outputs differ from stable's: \d+\/\d+ mirrored pairs differ by more than 0.01/,
    );
    const { divergence } = event;
    expect(divergence?.diverges).toBe(true);
    expect(divergence!.exceeding / divergence!.pairs).toBeGreaterThan(0.02);
    expect(divergence!.exceeding / divergence!.pairs).toBeLessThan(0.1);
    // The examples are the requests both versions answered, as the API named them.
    const ids = new Set(
      (await pairsOf('1.4.0')).pairs.filter((p) => (p.maxAbsDiff ?? 0) > 0.01).map((p) => p.requestId),
    );
    expect(divergence!.examples.length).toBeGreaterThan(0);
    expect(divergence!.examples.every((id) => ids.has(id))).toBe(true);
    expect(rolledBack?.lastVerdict?.divergence?.examples).toEqual(divergence!.examples);
  });

  it('promotes a version with identical outputs once the shadow duration is over, mirroring async requests too', {
    timeout: 180_000,
  }, async () => {
    await shadowing('1.3.0');

    const answers = await invoke(150);
    const accepted = await Promise.all(
      Array.from({ length: 10 }, async () => {
        const response = await fetch(`${platform.url}/v1/models/churn-scorer/predictions`, {
          method: 'POST',
          headers: { authorization: `Bearer ${platform.devToken}`, 'content-type': 'application/json' },
          body: JSON.stringify({ inputs: [features()] }),
        });
        return ((await response.json()) as { id: string }).id;
      }),
    );
    // The worker mirrors each async request once its stable result is stored.
    await eventually(async () => {
      const mirrored = new Set((await pairsOf('1.3.0')).pairs.map((p) => p.requestId));
      return mirrored.size >= 140 && accepted.every((id) => mirrored.has(id)) ? true : undefined;
    });

    await platform.internals.reconcile();
    expect((await record())?.phase).toBe('Progressing');
    now += 11_000;
    await platform.internals.reconcile();

    expect(answers.every((a) => a.status === 200 && a.version === '1.0.0')).toBe(true);
    const promoted = await record();
    expect(promoted?.phase).toBe('Promoted');
    expect(promoted?.stable?.version).toBe('1.3.0');
    expect(promoted?.lastVerdict?.divergence).toMatchObject({ exceeding: 0, diverges: false });
    expect(promoted?.lastVerdict?.divergence?.pairs).toBeGreaterThanOrEqual(140);
  });
});
