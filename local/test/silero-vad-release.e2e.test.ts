// A real third-party model released end to end: Silero VAD (MIT, from @ricky0123/vad-web) v5 -> v6
// by canary on the local platform, requests carrying input, state and sr (an int64 scalar), both
// versions answering through the serving container. And legacy -> v5, whose inputs differ: refused
// by the controller (one 'held' event, no candidate route), stable's callers still served and
// validated against legacy; then declared breaking, released all at once, and callers switch.
// The .onnx files are copied from node_modules at test time, never committed.
import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeModelVersion } from '../../release-tools/src/cli/write-manifest-version.ts';
import type { RolloutRecord } from '../../release-tools/src/domain/rollout/record.ts';
import type { EmbeddedReleaseControl } from '../src/embedded-release-control.ts';
import type { Platform } from '../src/platform.ts';
import { startControlledPlatform } from './support/controlled-platform.ts';
import { eventually, withinBinomial } from './support/platform-fixture.ts';

const dist = join(dirname(createRequire(import.meta.url).resolve('@ricky0123/vad-web/package.json')), 'dist');

const V5_SIGNATURE = `    inputs:
      - { name: input, dtype: float32, shape: [batch, samples] }
      - { name: state, dtype: float32, shape: [2, batch, 128] }
      - { name: sr, dtype: int64, shape: [] }
    outputs:
      - { name: output, dtype: float32, shape: [batch, 1] }
      - { name: stateN, dtype: float32, shape: [2, batch, 128] }`;
const LEGACY_SIGNATURE = `    inputs:
      - { name: input, dtype: float32, shape: [batch, sequence] }
      - { name: sr, dtype: int64, shape: [] }
      - { name: h, dtype: float32, shape: [2, batch, 64] }
      - { name: c, dtype: float32, shape: [2, batch, 64] }
    outputs:
      - { name: output, dtype: float32, shape: [batch, 1] }
      - { name: hn, dtype: float32, shape: [2, batch, 64] }
      - { name: cn, dtype: float32, shape: [2, batch, 64] }`;

const manifest = (vadOld: {
  version: string;
  file: string;
  signature: string;
  release?: string;
}) => `apiVersion: mlrelease/v1
endpoint: { name: e2e-mme, instanceType: ml.c5.xlarge, instances: { min: 1, max: 2 } }
defaults:
  compile: { target: ml_c5 }
  release:
    strategy: canary
    steps: [ { weight: 30, bake: 10s } ]
    gates: { maxErrorRate: 2%, maxP99LatencyMs: 2000, minRequests: 20 }
models:
  - name: silero-vad
    version: 5.0.0
    artifact: models/silero-vad/5.0.0/model.onnx
    framework: onnx
${V5_SIGNATURE}
  - name: vad-upgrade
    version: ${vadOld.version}
    artifact: models/silero-vad/${vadOld.file}/model.onnx
    framework: onnx
${vadOld.signature}
${vadOld.release ?? ''}
`;

let dir: string;
let manifestPath: string;
let control: EmbeddedReleaseControl;
let platform: Platform;
let now = Date.UTC(2026, 11, 2, 12);
const clock = { now: () => now, sleep: async () => {} };

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mlrelease-vad-e2e-'));
  for (const [version, file] of [
    ['5.0.0', 'silero_vad_v5.onnx'],
    ['6.0.0', 'silero_vad_v6.onnx'],
    ['legacy', 'silero_vad_legacy.onnx'],
  ] as const) {
    await mkdir(join(dir, 'models/silero-vad', version), { recursive: true });
    await copyFile(join(dist, file), join(dir, 'models/silero-vad', version, 'model.onnx'));
  }
  manifestPath = join(dir, 'models.yaml');
  await writeFile(manifestPath, manifest({ version: '4.0.0', file: 'legacy', signature: LEGACY_SIGNATURE }));
  ({ control, platform } = await startControlledPlatform({ dir, manifestPath, clock, seeds: [5, 13] }));
});

afterAll(async () => {
  await platform?.stop();
  await control?.stop();
  await rm(dir, { recursive: true, force: true });
});

const tone = (i: number) =>
  Array.from({ length: 512 }, (_, t) => 0.5 * Math.sin((2 * Math.PI * (220 + i) * t) / 16000));
const v5Body = (i: number) => ({
  inputs: {
    input: [tone(i)],
    state: { dtype: 'float32', shape: [2, 1, 128], data: new Array(256).fill(0) },
    sr: '16000',
  },
});
const legacyBody = (i: number) => ({
  inputs: {
    input: [tone(i)],
    sr: 16000,
    h: { dtype: 'float32', shape: [2, 1, 64], data: new Array(128).fill(0) },
    c: { dtype: 'float32', shape: [2, 1, 64], data: new Array(128).fill(0) },
  },
});

interface Answer {
  status: number;
  version: string;
  track: string;
  outputs?: Record<string, { dtype: string; shape: number[]; data: number[] }>;
  error?: { code: string; message: string; fields?: { path: string; message: string }[] };
}

async function invoke(model: string, n: number, body: (i: number) => unknown): Promise<Answer[]> {
  const seen: Answer[] = [];
  for (let i = 0; i < n; i++) {
    const response = await fetch(`${platform.url}/v1/models/${model}/invoke`, {
      method: 'POST',
      headers: { authorization: `Bearer ${platform.devToken}`, 'content-type': 'application/json' },
      body: JSON.stringify(body(i)),
    });
    seen.push({ status: response.status, ...((await response.json()) as Omit<Answer, 'status'>) });
  }
  return seen;
}

const record = async (model: string) => (await control.store.get<RolloutRecord>(`rollouts/${model}`))?.value;
const phaseOf = (model: string, version: string) => eventually(() => control.rolloutPhase(model, version));

describe('Silero VAD, a model no one here wrote, through the real controller and serving container', () => {
  it('serves v5 as stable: every output by name for input, state and an int64 scalar sr', {
    timeout: 120_000,
  }, async () => {
    await eventually(async () => ((await phaseOf('silero-vad', '5.0.0')) === 'Promoted' ? true : undefined));

    const [answer] = await invoke('silero-vad', 1, v5Body);

    expect(answer).toMatchObject({ status: 200, version: '5.0.0', track: 'stable' });
    expect(answer!.outputs!.output).toMatchObject({ dtype: 'float32', shape: [1, 1] });
    expect(answer!.outputs!.stateN).toMatchObject({ dtype: 'float32', shape: [2, 1, 128] });
    const p = answer!.outputs!.output!.data[0]!;
    expect(p).toBeGreaterThanOrEqual(0);
    expect(p).toBeLessThanOrEqual(1);
  });

  it('releases v6 by canary: both versions answer the same requests, then v6 is promoted', {
    timeout: 180_000,
  }, async () => {
    await writeModelVersion(manifestPath, 'silero-vad', '6.0.0', 'models/silero-vad/6.0.0/model.onnx');
    await eventually(async () => ((await phaseOf('silero-vad', '6.0.0')) === 'Progressing' ? true : undefined));

    const canary = await invoke('silero-vad', 120, v5Body);

    expect(canary.every((a) => a.status === 200 && a.outputs?.output && a.outputs?.stateN)).toBe(true);
    const candidate = canary.filter((a) => a.track === 'candidate');
    expect(withinBinomial(candidate.length, 120, 0.3)).toBe(true);
    expect(candidate.every((a) => a.version === '6.0.0')).toBe(true);
    expect(canary.filter((a) => a.track === 'stable').every((a) => a.version === '5.0.0')).toBe(true);

    now += 11_000;
    await platform.internals.reconcile();
    expect((await record('silero-vad'))?.phase).toBe('Promoted');
    const after = await invoke('silero-vad', 5, v5Body);
    expect(after.every((a) => a.status === 200 && a.version === '6.0.0' && a.track === 'stable')).toBe(true);
  });

  it('refuses legacy -> v5 (inputs h, c replaced by state): no traffic split, legacy callers keep being served', {
    timeout: 120_000,
  }, async () => {
    await eventually(async () => ((await phaseOf('vad-upgrade', '4.0.0')) === 'Promoted' ? true : undefined));
    await writeFile(manifestPath, manifest({ version: '5.0.0', file: '5.0.0', signature: V5_SIGNATURE }));

    const held = await eventually(async () => {
      const r = await record('vad-upgrade');
      return r?.history.at(-1)?.type === 'held' ? r : undefined;
    });
    expect(held.history.at(-1)!.why).toMatch(/signature incompatible with stable 4\.0\.0/);
    expect(held.history.at(-1)!.why).toMatch(/breaking: true/);
    expect(held.candidate).toBeUndefined();
    const route = (await platform.internals.traffic.readTable()).routes['vad-upgrade']!;
    expect(route.candidate).toBeUndefined();
    // Stable (legacy) still serves: its target is the only one routed.
    expect(route.stable.version).toBe('4.0.0');
  });

  it('while legacy -> v5 is held, requests are validated against stable legacy: legacy callers 200, v5-shaped 400 saying why', {
    timeout: 60_000,
  }, async () => {
    const [legacy] = await invoke('vad-upgrade', 1, legacyBody);
    const [v5] = await invoke('vad-upgrade', 1, v5Body);

    expect(legacy).toMatchObject({ status: 200, version: '4.0.0', track: 'stable' });
    expect(legacy!.outputs!.hn).toMatchObject({ dtype: 'float32', shape: [2, 1, 64] });
    expect(v5!.status).toBe(400);
    expect(v5!.error!.code).toBe('InvalidInputs');
    expect(v5!.error!.fields).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: 'inputs.state' }),
        expect.objectContaining({ path: 'inputs.h', message: expect.stringMatching(/required/) }),
      ]),
    );
  });

  it('releases legacy -> v5 all at once when declared breaking: callers switch with the traffic', {
    timeout: 120_000,
  }, async () => {
    await writeFile(
      manifestPath,
      manifest({
        version: '5.0.0',
        file: '5.0.0',
        signature: V5_SIGNATURE,
        release: '    release: { strategy: all-at-once, breaking: true }',
      }),
    );

    // All the traffic moves to 5.0.0 at once, and with it the signature requests are checked against.
    await eventually(async () => {
      const route = (await platform.internals.traffic.readTable()).routes['vad-upgrade'];
      return route?.candidate?.version === '5.0.0' && route.candidateWeight === 100 ? route : undefined;
    });
    // The platform refreshes its signatures when the reconcile that moved the route ends: a moment later.
    await eventually(async () => ((await invoke('vad-upgrade', 1, v5Body))[0]?.status === 200 ? true : undefined));
    const switched = await invoke('vad-upgrade', 25, v5Body);
    const [legacy] = await invoke('vad-upgrade', 1, legacyBody);

    expect(switched.every((a) => a.status === 200 && a.version === '5.0.0' && a.outputs?.stateN)).toBe(true);
    expect(legacy!.status).toBe(400);
    expect(legacy!.error!.fields).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: 'inputs.h', message: expect.stringMatching(/unknown input/) }),
      ]),
    );

    // Gates met (minRequests 20, no errors): 5.0.0 becomes stable; nothing was split between the two.
    now += 11_000;
    await platform.internals.reconcile();
    const promoted = await record('vad-upgrade');
    expect(promoted).toMatchObject({ phase: 'Promoted', stable: { version: '5.0.0' } });
    expect(promoted!.history.filter((e) => e.type === 'held')).toHaveLength(1);
    const after = await invoke('vad-upgrade', 3, v5Body);
    expect(after.every((a) => a.status === 200 && a.version === '5.0.0' && a.track === 'stable')).toBe(true);
  });
});
