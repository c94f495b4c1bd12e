import { cp, mkdir, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FileStateStore } from '../../src/adapters/local/file-state-store.ts';
import { LocalAlarmEvaluator } from '../../src/adapters/local/local-alarm-evaluator.ts';
import { MemoryMetricStore } from '../../src/adapters/local/memory-metric-store.ts';
import { StateRouteTable } from '../../src/adapters/state-route-table.ts';
import { runCli } from '../../src/cli/app.ts';
import type { CliPlatform } from '../../src/cli/context.ts';
import type { Clock } from '../../src/ports/clock.ts';
import { seeded } from '../controller/harness.ts';
import { HashingReleasePreparer } from './hashing-release-preparer.ts';

const manifest = (version: string) => `# Desired state. Keep this comment.
apiVersion: mlrelease/v1
endpoint: { name: mme, instanceType: ml.c5.xlarge, instances: { min: 1, max: 2 }, targetInvocationsPerInstance: 100 }
defaults:
  compile: { target: ml_c5 }
  release:
    strategy: canary # three steps
    steps: [ { weight: 10, bake: 10s }, { weight: 50, bake: 10s }, { weight: 100, bake: 10s } ]
    gates: { maxErrorRate: 2%, maxP99LatencyMs: 200, minRequests: 20 }
models:
  - name: fraud
    version: ${version} # the version to run
    artifact: models/fraud/${version}/model.onnx
    framework: onnx
    input: { name: x, dtype: float32, shape: [-1, 4] }
`;

let dir: string;
let now: number;
let metrics: MemoryMetricStore;
let platform: CliPlatform;
const random = seeded(5);

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cli-'));
  now = Date.UTC(2026, 0, 1);
  metrics = new MemoryMetricStore({ bucketMs: 1_000, random });
  const clock: Clock = {
    now: () => now,
    sleep: async (ms) => {
      now += ms;
    },
  };
  // These tests use placeholder bytes as models: hash them instead of compiling with ONNX Runtime.
  const preparer = new HashingReleasePreparer(() => dir);
  platform = { clock, controllerDeps: () => ({ metrics, alarms: new LocalAlarmEvaluator(metrics), preparer }) };
  for (const v of ['1.0.0', '1.1.0', '1.2.0']) {
    await mkdir(join(dir, `models/fraud/${v}`), { recursive: true });
    await writeFile(join(dir, `models/fraud/${v}/model.onnx`), `onnx bytes of ${v}`);
  }
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function cli(...argv: string[]) {
  let out = '';
  let err = '';
  const code = await runCli(argv, {
    out: { write: (s) => (out += s) },
    err: { write: (s) => (err += s) },
    cwd: dir,
    env: { USER: 'carol' },
    platform,
  });
  return { code, out, err };
}

/** One second of traffic split by the route table, then one controller tick. */
async function second(candidateErrorRate: number) {
  now += 1_000;
  const route = (await new StateRouteTable(new FileStateStore(join(dir, '.mlrelease/state'))).readTable()).routes.fraud;
  if (route) {
    for (let i = 0; i < 20; i++) {
      const canary = route.candidate !== undefined && random() * 100 < route.candidateWeight;
      const target = canary ? route.candidate! : route.stable;
      metrics.record({
        model: 'fraud',
        track: canary ? 'candidate' : 'stable',
        version: target.version,
        latencyMs: 20,
        error: canary && random() < candidateErrorRate,
        at: now - 500,
      });
    }
  }
  return cli('controller', 'run', '--once');
}

async function release(version: string, errorRate: number, seconds: number) {
  await writeFile(join(dir, 'models.yaml'), manifest(version));
  expect((await cli('apply')).code).toBe(0);
  for (let i = 0; i < seconds; i++) await second(errorRate);
}

describe('the CLI drives a release end to end', () => {
  it('applies, promotes a healthy 3-step canary, rolls back a bad one and writes stable back to models.yaml', async () => {
    await release('1.0.0', 0, 4);
    const first = await cli('status', 'fraud');
    await release('1.1.0', 0, 40);
    const healthy = await cli('status', 'fraud');
    const history = await cli('history', 'fraud', '--json');
    await release('1.2.0', 0.5, 20);
    const bad = await cli('status', 'fraud', '--watch', '--interval', '1s');
    const written = await cli('rollback', 'fraud', '--write-manifest');
    const yaml = await readFile(join(dir, 'models.yaml'), 'utf8');

    expect(first.out).toContain('fraud  Promoted  (stable 1.0.0)');
    expect(healthy).toMatchObject({ code: 0, out: expect.stringContaining('fraud  Promoted  (stable 1.1.0)') });
    const steps = (JSON.parse(history.out) as { type: string; weight?: number; version: string }[])
      .filter((e) => e.version === '1.1.0' && e.type === 'step')
      .map((e) => e.weight);
    expect(steps).toEqual([10, 50, 100]);
    expect(bad.code).toBe(3);
    expect(bad.out).toContain('RolledBack');
    expect(written.code).toBe(0);
    expect(yaml).toBe(manifest('1.1.0'));
  });

  it('records promote, pause and resume intents that the controller acts on', async () => {
    await release('1.0.0', 0, 4);
    await release('1.1.0', 0, 4);

    const pause = await cli('pause', 'fraud');
    await second(0);
    const paused = await cli('status', 'fraud', '--json');
    const resume = await cli('resume', 'fraud');
    await second(0);
    const promote = await cli('promote', 'fraud', '--full');
    await second(0);
    const done = await cli('status', 'fraud');
    const history = await cli('history', 'fraud');

    expect([pause.code, resume.code, promote.code]).toEqual([0, 0, 0]);
    expect(JSON.parse(paused.out)[0]).toMatchObject({ phase: 'Paused', candidate: '1.1.0' });
    expect(done.out).toContain('Promoted  (stable 1.1.0)');
    expect(history.out).toMatch(/Progressing -> Paused .*\[paused\] by carol/);
    expect(history.out).toMatch(/Paused -> Progressing .*\[resumed\] by carol/);
    expect(history.out).toMatch(/Progressing -> Promoted\s+\[promoted\] by carol/);
  });

  it('refuses intents for an unknown model or a finished rollout', async () => {
    await release('1.0.0', 0, 4);

    const unknown = await cli('promote', 'nope');
    const finished = await cli('pause', 'fraud');

    expect(unknown).toMatchObject({ code: 1, err: 'unknown model: nope\n' });
    expect(finished).toMatchObject({
      code: 1,
      err: expect.stringContaining('no rollout in progress (Promoted 1.0.0)'),
    });
  });

  it('rejects an invalid models.yaml on apply with positioned errors', async () => {
    await writeFile(join(dir, 'models.yaml'), 'apiVersion: mlrelease/v1\nmodels: 3\n');

    const result = await cli('apply');

    expect(result.code).toBe(1);
    expect(result.err).toMatch(/^models\.yaml:\d+:\d+: /);
  });
});

describe('held versions', () => {
  async function rolledBack() {
    await release('1.0.0', 0, 4);
    await release('1.1.0', 0.5, 20);
    expect((await cli('status', 'fraud')).out).toContain('RolledBack');
  }

  it('a rolled-back version is held while models.yaml names it, and retried once models.yaml named another', async () => {
    await rolledBack();
    const plan = await cli('plan');
    await release('1.1.0', 0, 3);
    const stillHeld = await cli('status', 'fraud');
    await release('1.0.0', 0, 2);
    await release('1.1.0', 0, 4);
    const retried = await cli('status', 'fraud', '--json');
    const history = await cli('history', 'fraud');

    expect(plan.out).toContain('! fraud  1.1.0 held: rolled back or aborted');
    expect(stillHeld.out).toContain('fraud  RolledBack  (stable 1.0.0, last 1.1.0)');
    expect(JSON.parse(retried.out)[0]).toMatchObject({
      phase: 'Progressing',
      candidate: '1.1.0',
      rolledBackVersions: [],
    });
    expect(history.out).toMatch(
      /\[hold-released\] by controller: hold on 1\.1\.0 released: models\.yaml names 1\.0\.0/,
    );
    expect(history.out).toMatch(/Pending\s+\[started\] by controller: models\.yaml names 1\.1\.0 again/);
  });

  it('mlrelease retry releases the hold on the version models.yaml names, recording who and why', async () => {
    await rolledBack();

    const retry = await cli('retry', 'fraud', '--reason', 'alarm threshold fixed', '--actor', 'erin');
    await second(0);
    const status = await cli('status', 'fraud', '--json');
    const history = await cli('history', 'fraud');
    const again = await cli('retry', 'fraud');

    expect(retry).toMatchObject({ code: 0, out: expect.stringContaining('retry of held 1.1.0 recorded') });
    expect(JSON.parse(status.out)[0]).toMatchObject({ candidate: '1.1.0', rolledBackVersions: [] });
    expect(history.out).toMatch(
      /RolledBack\s+\[hold-released\] by erin: hold on 1\.1\.0 released: alarm threshold fixed/,
    );
    expect(history.out).toMatch(/\[started\] by controller: retry of 1\.1\.0, requested by erin/);
    expect(again).toMatchObject({ code: 1, err: expect.stringContaining('no version is held') });
  });

  it('an aborted version is held too (plan says so), and retry starts it again', async () => {
    await release('1.0.0', 0, 4);
    await release('1.1.0', 0, 4);
    await cli('abort', 'fraud', '--reason', 'wrong artifact');
    await second(0);

    const plan = await cli('plan');
    await second(0);
    const held = await cli('status', 'fraud');
    await cli('retry', 'fraud');
    await second(0);
    const retried = await cli('status', 'fraud', '--json');

    expect(plan.out).toContain('! fraud  1.1.0 held');
    expect(held.out).toContain('fraud  Aborted');
    expect(JSON.parse(retried.out)[0]).toMatchObject({ candidate: '1.1.0' });
  });

  it('models.yaml naming stable again stops the candidate without holding it', async () => {
    await release('1.0.0', 0, 4);
    await release('1.1.0', 0, 4);
    await release('1.0.0', 0, 2);
    const stopped = await cli('status', 'fraud', '--json');
    await release('1.1.0', 0, 4);
    const restarted = await cli('status', 'fraud', '--json');

    expect(JSON.parse(stopped.out)[0]).toMatchObject({ phase: 'Aborted', rolledBackVersions: [] });
    expect(JSON.parse(restarted.out)[0]).toMatchObject({ candidate: '1.1.0' });
  });
});

describe('controller run --once', () => {
  it('says so in text mode when nothing changed', async () => {
    await release('1.0.0', 0, 4);

    const idle = await cli('controller', 'run', '--once');

    expect(idle).toMatchObject({ code: 0, out: 'no change: fraud Promoted\n' });
  });
});

describe('a rollout record the release before explicit holds wrote (issue 15, finding 8)', () => {
  // Written by the code at 9c12799 (before holds were explicit): models.yaml 1.0.0 -> 1.1.0 (canary)
  // -> 1.0.0 (aborted: "models.yaml names stable 1.0.0 again", no `held` on the event) -> 1.1.0.
  const fixture = join(import.meta.dirname, '../fixtures/aborted-stable-again-v0');

  async function restore(edit: (record: { value: { history: { why: string }[] } }) => void = () => {}) {
    await cp(fixture, join(dir, '.mlrelease/state'), { recursive: true });
    await rename(join(dir, '.mlrelease/state/models.yaml'), join(dir, 'models.yaml'));
    const path = join(dir, '.mlrelease/state/rollouts/fraud.json');
    const record = JSON.parse(await readFile(path, 'utf8'));
    edit(record);
    await writeFile(path, JSON.stringify(record));
  }

  it('re-declaring the aborted version after models.yaml went back to stable starts a new attempt, history kept', async () => {
    await restore();
    const before = JSON.parse(await readFile(join(fixture, 'rollouts/fraud.json'), 'utf8')).value;

    const plan = await cli('plan');
    await second(0);
    const status = JSON.parse((await cli('status', 'fraud', '--json')).out)[0];
    const history = JSON.parse((await cli('history', 'fraud', '--json')).out) as { why: string }[];

    expect(plan.out).toContain('~ fraud  release 1.0.0 -> 1.1.0 by canary');
    expect(status).toMatchObject({ phase: 'Pending', candidate: '1.1.0', stable: '1.0.0' });
    expect(history.slice(0, before.history.length)).toEqual(before.history);
    expect(history.at(-1)).toMatchObject({ rolloutId: 3, type: 'started', why: 'models.yaml names 1.1.0 again' });
  });

  it('an abort by a user in such a record still holds its version, and plan says so as the controller does', async () => {
    await restore((record) => {
      record.value.history.at(-1)!.why = 'wrong artifact';
    });

    const plan = await cli('plan');
    await second(0);
    const status = JSON.parse((await cli('status', 'fraud', '--json')).out)[0];

    expect(plan.out).toContain('! fraud  1.1.0 held');
    expect(status).toMatchObject({ phase: 'Aborted', stable: '1.0.0', release: '1.1.0' });
  });
});
