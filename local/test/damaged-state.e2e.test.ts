// Damaged state at start (issue 15, finding 5): a truncated desired state, route table, request file
// and a rollout record replaced by `{}` must not stop the platform. Rebuildable files are moved aside
// and rebuilt, the damaged record stops only its model (visibly, never reset), the torn request is
// answered as failed (kept where it is), and every log line names the file.
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seededRandom } from '../../inference-stack/test/support/seeded-random.ts';
import { QUARANTINE_DIR } from '../../release-tools/src/adapters/local/file-state-store.ts';
import { createEmbeddedReleaseControl } from '../src/embedded-release-control.ts';
import { writeExampleModels } from '../src/example-models/index.ts';
import { startPlatform } from '../src/platform.ts';
import { eventually } from './support/platform-fixture.ts';

const MANIFEST = `apiVersion: mlrelease/v1
endpoint: { name: e2e-mme, instanceType: ml.c5.xlarge, instances: { min: 1, max: 2 } }
defaults:
  compile: { target: ml_c5 }
  release: { strategy: canary, steps: [ { weight: 20, bake: 10s } ], gates: { maxErrorRate: 2%, minRequests: 20 } }
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
let stateDir: string;
let manifestPath: string;
const clock = { now: () => Date.UTC(2026, 11, 2, 12), sleep: async () => {} };

async function start(log: string[]) {
  const control = createEmbeddedReleaseControl({
    stateDir,
    manifestPath,
    clock,
    random: seededRandom(3),
    log: (line) => log.push(line),
    evaluateEveryMs: 3_600_000,
  });
  const platform = await startPlatform({
    port: 0,
    stateDir,
    manifestPath,
    now: clock.now,
    random: seededRandom(11),
    controller: control.controller,
    alarmEvents: control.alarmEvents,
    controllerTickMs: 3_600_000,
    metricSink: control.metrics,
    traffic: control.traffic,
    artifacts: control.artifacts,
    host: control.host,
    dashboard: control.dashboard,
    worker: { waitSeconds: 1, maxReceiveCount: 2, retryDelaySeconds: () => 0 },
    log: (line) => log.push(line),
  });
  return {
    control,
    platform,
    stop: async () => {
      await platform.stop();
      await control.stop();
    },
  };
}

const auth = (token: string) => ({ authorization: `Bearer ${token}`, 'content-type': 'application/json' });

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mlrelease-damaged-'));
  stateDir = join(dir, '.mlrelease');
  manifestPath = join(dir, 'models.yaml');
  await writeFile(manifestPath, MANIFEST);
  await writeExampleModels(dir);
  const first = await start([]);
  await first.platform.internals.reconcile();
  await first.stop();
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('a platform restarted on damaged state', () => {
  it('starts, names each damaged file, rebuilds what it can and stops only the damaged model', async () => {
    const state = join(stateDir, 'state');
    await writeFile(join(state, 'desired.json'), '{"revision": 2, "val');
    await writeFile(join(state, 'routes.json'), '');
    await writeFile(join(state, 'rollouts', 'churn-scorer.json'), '{}');
    const log: string[] = [];

    const second = await start(log);
    try {
      const report = (await second.platform.internals.reconcile()) as {
        models: { model: string; error?: string; phase: string }[];
      };

      expect(log.some((l) => l.includes(join(state, 'desired.json')))).toBe(true);
      expect(log.some((l) => l.includes(join(state, 'routes.json')))).toBe(true);
      const churn = report.models.find((m) => m.model === 'churn-scorer');
      expect(churn?.error).toContain(join(state, 'rollouts', 'churn-scorer.json'));
      // Not reset: the file is left as found, a copy kept aside.
      expect(await readFile(join(state, 'rollouts', 'churn-scorer.json'), 'utf8')).toBe('{}');
      expect((await readdir(join(state, QUARANTINE_DIR))).length).toBe(3);
      // The other model serves, with its route re-derived from its record.
      const ok = await fetch(`${second.platform.url}/v1/models/fraud-detector/invoke`, {
        method: 'POST',
        headers: auth(second.platform.devToken),
        body: JSON.stringify({ inputs: [Array.from({ length: 30 }, () => 0.5)] }),
      });
      expect(ok.status).toBe(200);
      const dashboard = (await (
        await fetch(`${second.platform.url}/dashboard/data.json`, { headers: auth(second.platform.devToken) })
      ).json()) as { damaged?: { model: string }[] };
      expect(dashboard.damaged?.map((d) => d.model)).toEqual(['churn-scorer']);
    } finally {
      await second.stop();
    }
  });

  it('answers a torn accepted request as failed, names it, and starts anyway', async () => {
    const log: string[] = [];
    const third = await start(log);
    let id = '';
    try {
      const submitted = await fetch(`${third.platform.url}/v1/models/fraud-detector/predictions`, {
        method: 'POST',
        headers: auth(third.platform.devToken),
        body: JSON.stringify({ inputs: [Array.from({ length: 30 }, () => 0.5)] }),
      });
      expect(submitted.status).toBe(202);
      id = ((await submitted.json()) as { id: string }).id;
      await eventually(async () => {
        const r = await fetch(`${third.platform.url}/v1/predictions/${id}`, { headers: auth(third.platform.devToken) });
        return ((await r.json()) as { status: string }).status !== 'pending' ? true : undefined;
      });
    } finally {
      await third.stop();
    }
    // An accepted request whose file was torn while the platform was down (no result yet).
    const [request] = (await findFile(stateDir, `${id}.json`)).filter((f) => f.includes('requests'));
    const tornId = `torn${id.slice(4)}`;
    const text = await readFile(request!, 'utf8');
    await writeFile(request!.replace(`${id}.json`, `${tornId}.json`), text.slice(0, Math.floor(text.length / 2)));
    // Accepted, so noted in the pending index as the platform notes every accepted request.
    await writeFile(join(stateDir, 'pending', 'ids', tornId), '');

    const fourth = await start(log);
    try {
      expect(log.some((l) => l.includes(`requests/${tornId}.json`) && l.includes('damaged'))).toBe(true);
      const torn = await fetch(`${fourth.platform.url}/v1/predictions/${tornId}`, {
        headers: auth(fourth.platform.devToken),
      });
      expect(await torn.json()).toMatchObject({ status: 'failed', error: { code: 'RequestDamaged' } });
      const ok = await fetch(`${fourth.platform.url}/v1/models/fraud-detector/invoke`, {
        method: 'POST',
        headers: auth(fourth.platform.devToken),
        body: JSON.stringify({ inputs: [Array.from({ length: 30 }, () => 0.5)] }),
      });
      expect(ok.status).toBe(200);
    } finally {
      await fourth.stop();
    }
  });
});

async function findFile(root: string, name: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(root, { withFileTypes: true, recursive: true })) {
    if (entry.name === name) out.push(join(entry.parentPath, entry.name));
  }
  return out;
}
