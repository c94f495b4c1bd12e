// Shadow releases end to end with the real controller, in process on port 0: a version whose outputs
// differ from stable's on ~5% of inputs (same speed, no errors) is stopped by the divergence gate on
// mirrored requests, while a version with identical outputs passes; callers only ever get stable's
// answers. Time is a manual clock, so the shadow's duration passes when the test says so.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeModelVersion } from '../../release-tools/src/cli/write-manifest-version.ts';
import { ChurnShadowE2e } from './support/churn-shadow-e2e.ts';
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

const e2e = new ChurnShadowE2e({
  manifest: MANIFEST,
  startAt: Date.UTC(2026, 11, 2, 12),
  seeds: [3, 11],
  inputSeed: 5,
  tmpPrefix: 'mlrelease-shadow-e2e-',
});
beforeAll(() => e2e.start(), 60_000);
afterAll(() => e2e.stop());

const record = () => e2e.record();
const pairsOf = (version: string) => e2e.pairsOf(version);

async function shadowing(version: string) {
  await writeModelVersion(e2e.manifestPath, 'churn-scorer', version, `models/churn-scorer/${version}/model.onnx`);
  await eventually(async () =>
    (await e2e.control.rolloutPhase('churn-scorer', version)) === 'Progressing' ? true : undefined,
  );
}

describe('shadow release with the divergence gate', () => {
  it('rolls back a version whose outputs differ on ~5% of inputs, naming example requests', {
    timeout: 180_000,
  }, async () => {
    await shadowing('1.4.0');

    const answers = await e2e.invoke(400);
    // Mirrored off the response path: wait for the mirror to have compared them (the first few may
    // have reached stable before the route cache saw the shadow's route).
    await eventually(async () => ((await pairsOf('1.4.0')).pairs.length >= 380 ? true : undefined));
    await e2e.platform.internals.reconcile();

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

    const answers = await e2e.invoke(150);
    const accepted = await Promise.all(
      Array.from({ length: 10 }, async () => {
        const response = await fetch(`${e2e.platform.url}/v1/models/churn-scorer/predictions`, {
          method: 'POST',
          headers: { authorization: `Bearer ${e2e.platform.devToken}`, 'content-type': 'application/json' },
          body: JSON.stringify({ inputs: [e2e.features()] }),
        });
        return ((await response.json()) as { id: string }).id;
      }),
    );
    // The worker mirrors each async request once its stable result is stored.
    await eventually(async () => {
      const mirrored = new Set((await pairsOf('1.3.0')).pairs.map((p) => p.requestId));
      return mirrored.size >= 140 && accepted.every((id) => mirrored.has(id)) ? true : undefined;
    });

    await e2e.platform.internals.reconcile();
    expect((await record())?.phase).toBe('Progressing');
    e2e.advance(11_000);
    await e2e.platform.internals.reconcile();

    expect(answers.every((a) => a.status === 200 && a.version === '1.0.0')).toBe(true);
    const promoted = await record();
    expect(promoted?.phase).toBe('Promoted');
    expect(promoted?.stable?.version).toBe('1.3.0');
    expect(promoted?.lastVerdict?.divergence).toMatchObject({ exceeding: 0, diverges: false });
    expect(promoted?.lastVerdict?.divergence?.pairs).toBeGreaterThanOrEqual(140);
  });
});
