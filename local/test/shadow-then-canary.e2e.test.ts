// A shadow followed by a canary in the same release (`then: canary`), end to end with the real
// controller on port 0 and a manual clock: during the shadow the candidate answers nobody (the route
// mirrors, weight 0) and the divergence gate decides on mirrored pairs; a version that diverges stops
// there, before any caller gets its answer. One that passes hands over to the canary: the mirror is
// off, callers get the candidate's answers at the step's weight, and the usual gates judge that real
// traffic (not the shadow's mirrored requests) before promotion.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROUTES_KEY } from '../../release-tools/src/adapters/state-route-table.ts';
import { writeModelVersion } from '../../release-tools/src/cli/write-manifest-version.ts';
import type { RouteTable } from '../../release-tools/src/domain/route-table.ts';
import { runMlrelease } from '../../release-tools/test/cli/run-cli.ts';
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
      then: canary
      steps: [ { weight: 50, bake: 10s } ]
      gates:
        maxErrorRate: 2%
        maxP99LatencyMs: 2000
        minRequests: 50
        maxDivergence: { metric: abs-diff-p99, threshold: 0.01, alpha: 0.05 }
`;

const e2e = new ChurnShadowE2e({
  manifest: MANIFEST,
  startAt: Date.UTC(2026, 11, 3, 12),
  seeds: [4, 12],
  inputSeed: 8,
  tmpPrefix: 'mlrelease-shadow-canary-e2e-',
});
beforeAll(() => e2e.start(), 60_000);
afterAll(() => e2e.stop());

const record = () => e2e.record();
const route = async () => (await e2e.control.store.get<RouteTable>(ROUTES_KEY))?.value.routes['churn-scorer'];
const pairsOf = async (version: string) => (await e2e.pairsOf(version)).pairs;

/** Saves models.yaml naming `version`; resolves once its shadow route (the record is written first) is in place. */
async function shadowing(version: string) {
  await writeModelVersion(e2e.manifestPath, 'churn-scorer', version, `models/churn-scorer/${version}/model.onnx`);
  await eventually(async () => ((await route())?.candidate?.version === version ? true : undefined));
  expect(await e2e.control.rolloutPhase('churn-scorer', version)).toBe('Progressing');
}

describe('shadow then canary in one release', () => {
  it('stops a version whose outputs diverge in the shadow, before any caller got one of its answers', {
    timeout: 180_000,
  }, async () => {
    await shadowing('1.4.0');
    expect(await route()).toMatchObject({ candidateWeight: 0, mirror: 100, candidate: { version: '1.4.0' } });

    const answers = await e2e.invoke(400);
    await eventually(async () => ((await pairsOf('1.4.0')).length >= 380 ? true : undefined));
    await e2e.platform.internals.reconcile();

    expect(answers.every((a) => a.status === 200 && a.version === '1.0.0' && a.track === 'stable')).toBe(true);
    const stopped = await record();
    expect(stopped?.phase).toBe('RolledBack');
    // Stopped at the shadow step: no event of this rollout ever put weight on the candidate.
    const mine = stopped!.history.filter((e) => e.rolloutId === stopped!.rolloutId);
    expect(mine.filter((e) => e.type === 'step').map((e) => e.weight)).toEqual([0]);
    expect(mine.at(-1)).toMatchObject({ type: 'rolled-back', version: '1.4.0', divergence: { diverges: true } });
    expect(await route()).toEqual({
      model: 'churn-scorer',
      stable: expect.objectContaining({ version: '1.0.0' }),
      candidateWeight: 0,
      mode: 'weighted',
    });

    // The finding, with its example requests, in status, history and the dashboard's data.
    const { examples } = mine.at(-1)!.divergence!;
    const stateDir = ['--state-dir', join(e2e.dir, '.mlrelease')];
    const status = await runMlrelease(['status', 'churn-scorer', ...stateDir], e2e.dir);
    expect(status.code).toBe(3);
    expect(status.out).toContain('    divergence (abs-diff-p99, threshold 0.01, alpha 0.05): DIVERGES\n');
    expect(status.out).toContain(`      examples: ${examples.join(', ')}\n`);
    const history = await runMlrelease(['history', 'churn-scorer', ...stateDir], e2e.dir);
    expect(history.out).toMatch(/\[rolled-back\].*\n {4}divergence DIVERGES: \d+ pairs compared, beyond 0\.01: /);
    const [panel] = (await e2e.control.dashboard.data()).models;
    expect(panel?.divergence).toMatchObject({ verdict: 'diverges', examples, mirroring: null });
  });

  it('hands a version that passes the shadow to the canary, which judges real traffic, then promotes it', {
    timeout: 180_000,
  }, async () => {
    await shadowing('1.3.0');
    const shadowStart = e2e.now();

    // Shadow: callers get stable's answers; the candidate's go to the divergence gate.
    const shadowAnswers = await e2e.invoke(120);
    await eventually(async () => ((await pairsOf('1.3.0')).length >= 110 ? true : undefined));
    await e2e.platform.internals.reconcile();
    expect(shadowAnswers.every((a) => a.version === '1.0.0' && a.track === 'stable')).toBe(true);
    expect(await record()).toMatchObject({ phase: 'Progressing', step: 0, weight: 0 });

    // The shadow's duration is over and no pair diverged: the canary's first step.
    e2e.advance(11_000);
    await e2e.platform.internals.reconcile();
    const canary = await record();
    expect(canary).toMatchObject({ phase: 'Progressing', step: 1, weight: 50 });
    const handover = canary!.history.at(-1)!;
    expect(handover).toMatchObject({ type: 'step', weight: 50, divergence: { diverges: false, exceeding: 0 } });
    expect(handover.why).toMatch(/^step 2\/2: 50% \(/);
    expect(handover.divergence!.pairs).toBeGreaterThanOrEqual(110);
    // The mirror is off once callers get the candidate's answers.
    const canaryRoute = await route();
    expect(canaryRoute).toMatchObject({ candidateWeight: 50, candidate: { version: '1.3.0' } });
    expect(canaryRoute?.mirror).toBeUndefined();
    // The canary's evidence starts with its own traffic, not with the shadow's mirrored requests.
    expect(canary!.trafficSince).toBe(e2e.now());
    expect(canary!.trafficSince).toBeGreaterThan(shadowStart);

    // The bake is over, but no caller has been answered by the candidate yet: nothing proves it.
    e2e.advance(11_000);
    await e2e.platform.internals.reconcile();
    const waiting = await record();
    expect(waiting).toMatchObject({ phase: 'Progressing', step: 1 });
    expect(waiting?.lastVerdict?.why).toMatch(/^0\/50 candidate requests/);

    const pairsBefore = (await pairsOf('1.3.0')).length;
    const canaryAnswers = await e2e.invoke(200);
    const served = canaryAnswers.filter((a) => a.track === 'candidate');
    expect(canaryAnswers.every((a) => a.status === 200)).toBe(true);
    expect(served.length).toBeGreaterThanOrEqual(60);
    expect(served.every((a) => a.version === '1.3.0')).toBe(true);
    expect(canaryAnswers.filter((a) => a.track === 'stable').every((a) => a.version === '1.0.0')).toBe(true);
    // Nothing mirrored during the canary.
    expect((await pairsOf('1.3.0')).length).toBe(pairsBefore);

    await e2e.platform.internals.reconcile();
    const promoted = await record();
    expect(promoted?.phase).toBe('Promoted');
    expect(promoted?.stable?.version).toBe('1.3.0');
    expect(promoted?.history.at(-1)?.why).toMatch(/^all steps healthy: \d+ requests, error rate 0\.00%/);
    const types = promoted!.history.filter((e) => e.rolloutId === promoted!.rolloutId).map((e) => e.type);
    expect(types).toEqual(['started', 'compiling', 'registered', 'warmed', 'step', 'step', 'promoted']);
    expect(await route()).toMatchObject({ stable: { version: '1.3.0' }, candidateWeight: 0 });
  });
});
