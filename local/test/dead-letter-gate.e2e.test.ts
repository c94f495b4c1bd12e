// An async-only canary whose candidate fails every delivery (the serving container drops its calls:
// no model error answer, so no result and no invocation metric) is rolled back by the dead-letter
// gate, through the real controller, worker loop, queues and DLQ journal. Stable's own dead letters
// in the same lane, in the same window, do not count against the candidate.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { route } from '../../inference-stack/src/domain/router.ts';
import { requestDraw } from '../../inference-stack/src/handlers/dead-letter-attribution.ts';
import type { ModelHost } from '../../inference-stack/src/ports/model-host.ts';
import { renderStatus } from '../../release-tools/src/cli/render-rollout.ts';
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
  release:
    strategy: canary
    steps: [ { weight: 40, bake: 10m } ]
    gates: { maxErrorRate: 2%, maxP99LatencyMs: 250, minRequests: 20 }
models:
  - name: fraud-detector
    version: 1.0.0
    artifact: models/fraud-detector/1.0.0/model.onnx
    framework: onnx
    input: { name: features, dtype: float32, shape: [-1, 30] }
`;
/** A request whose first feature is this fails on stable too: stable's own dead letter. */
const STABLE_POISON = 0.125;

let dir: string;
let manifestPath: string;
let control: EmbeddedReleaseControl;
let platform: Platform;
let now = Date.UTC(2026, 11, 3, 6);
const clock = { now: () => now, sleep: async () => {} };

/** The serving container drops every call for 1.1.0, and stable's calls with the poison input. */
const faulty = (host: ModelHost): ModelHost => ({
  warm: (targetModel, options) => host.warm(targetModel, options),
  async invoke(targetModel, inputs, options) {
    const first = inputs.features?.data[0];
    if (targetModel.includes('/1.1.0-') || (typeof first === 'number' && Math.abs(first - STABLE_POISON) < 1e-6))
      throw new Error(`connection to the serving container reset while invoking ${targetModel}`);
    return host.invoke(targetModel, inputs, options);
  },
});

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mlrelease-dlq-gate-e2e-'));
  manifestPath = join(dir, 'models.yaml');
  await writeFile(manifestPath, MANIFEST);
  await writeExampleModels(dir);
  ({ control, platform } = await startControlledPlatform({
    dir,
    manifestPath,
    clock,
    seeds: [5, 13],
    hostFault: faulty,
  }));
});

afterAll(async () => {
  await platform?.stop();
  await control?.stop();
  await rm(dir, { recursive: true, force: true });
});

const row = (seed: number, first?: number) =>
  Array.from({ length: 30 }, (_, i) => (i === 0 && first !== undefined ? first : ((i * 7 + seed) % 10) / 10));

async function submit(inputs: number[]): Promise<string> {
  const response = await fetch(`${platform.url}/v1/models/fraud-detector/predictions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${platform.devToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ inputs: [inputs] }),
  });
  expect(response.status).toBe(202);
  return ((await response.json()) as { id: string }).id;
}

const record = async () => (await control.store.get<RolloutRecord>('rollouts/fraud-detector'))?.value;

describe('the dead-letter gate, end to end', () => {
  it('rolls back an async-only canary whose candidate fails every request, counting only its own dead letters', {
    timeout: 180_000,
  }, async () => {
    await writeModelVersion(manifestPath, 'fraud-detector', '1.1.0', 'models/fraud-detector/1.1.0/model.onnx');
    // The record is written before the route in the same reconcile: wait for both.
    const modelRoute = await eventually(async () => {
      if ((await control.rolloutPhase('fraud-detector', '1.1.0')) !== 'Progressing') return undefined;
      const r = (await control.traffic.readTable()).routes['fraud-detector'];
      return r?.candidateWeight === 40 ? r : undefined;
    });

    const ids = [
      ...(await Promise.all(Array.from({ length: 16 }, (_, i) => submit(row(i))))),
      ...(await Promise.all(Array.from({ length: 6 }, (_, i) => submit(row(i, STABLE_POISON))))),
    ];
    const poison = new Set(ids.slice(16));
    // Where each request goes is fixed by its id (every delivery alike), so the test knows it too.
    const trackOf = (id: string) => route(modelRoute, {}, requestDraw('fraud-detector', id)).track;
    const candidate = ids.filter((id) => trackOf(id) === 'candidate');
    const stablePoison = ids.filter((id) => poison.has(id) && trackOf(id) === 'stable');
    expect(candidate.length).toBeGreaterThan(0);
    expect(stablePoison.length).toBeGreaterThan(0);

    // Each failed delivery is retried after its receive count - 1 seconds on the platform's clock;
    // the third failure moves the message to the lane's DLQ.
    const dead = await eventually(async () => {
      now += 1_000;
      const [standard] = await platform.internals.dataPlane.deadLetters();
      return standard && standard.count === candidate.length + stablePoison.length ? standard : undefined;
    }, 120_000);
    const versionOf = new Map(dead.entries.map((e) => [e.requestId, e.target?.version]));
    expect(candidate.map((id) => versionOf.get(id))).toEqual(candidate.map(() => '1.1.0'));
    expect(stablePoison.map((id) => versionOf.get(id))).toEqual(stablePoison.map(() => '1.0.0'));
    // The candidate answered nothing, so the error and latency gates have nothing to judge.
    expect((await record())?.phase).toBe('Progressing');

    await platform.internals.reconcile();

    const rolledBack = await record();
    expect(rolledBack?.phase).toBe('RolledBack');
    const event = rolledBack!.history.at(-1)!;
    expect(event.type).toBe('rolled-back');
    expect(event.why).toMatch(
      new RegExp(
        `^dead letters: ${candidate.length} dead letters? of candidate 1\\.1\\.0 \\(max 0\\), oldest \\d+s old; e\\.g\\. requests `,
      ),
    );
    expect(event.deadLetters?.count).toBe(candidate.length);
    expect(event.deadLetters?.examples.every((id) => candidate.includes(id))).toBe(true);
    expect(renderStatus(rolledBack!)).toContain(
      `[rolled-back] by controller: dead letters: ${candidate.length} dead letter`,
    );
    // Traffic is back on stable: a new request is answered by 1.0.0.
    await platform.internals.reconcile();
    const after = await submit(row(99));
    const result = await eventually(async () => {
      const response = await fetch(`${platform.url}/v1/predictions/${after}`, {
        headers: { authorization: `Bearer ${platform.devToken}` },
      });
      const body = (await response.json()) as { status?: string; version?: string };
      return body.status === 'done' ? body : undefined;
    });
    expect(result.version).toBe('1.0.0');
  });
});
