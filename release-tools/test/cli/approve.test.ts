// `mlrelease approve` against a local state dir and the real controller (`controller run --once`):
// the manual gate holds the step until a person approves; who (the CLI's actor) and why (--reason)
// reach status, history and --json; refusals exit 1 having written nothing.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FileStateStore } from '../../src/adapters/local/file-state-store.ts';
import { LocalAlarmEvaluator } from '../../src/adapters/local/local-alarm-evaluator.ts';
import { MemoryMetricStore } from '../../src/adapters/local/memory-metric-store.ts';
import { StateRouteTable } from '../../src/adapters/state-route-table.ts';
import { runCli } from '../../src/cli/app.ts';
import type { CliPlatform } from '../../src/cli/context.ts';
import { intentKey } from '../../src/domain/intents.ts';
import { seeded } from '../controller/harness.ts';
import { HashingReleasePreparer } from './hashing-release-preparer.ts';

const manifest = (version: string, manual = 'step') => `apiVersion: mlrelease/v1
endpoint: { name: mme, instanceType: ml.c5.xlarge, instances: { min: 1, max: 2 }, targetInvocationsPerInstance: 100 }
defaults:
  compile: { target: ml_c5 }
  release:
    strategy: canary
    steps: [ { weight: 10, bake: 10s }, { weight: 50, bake: 10s } ]
    gates: { maxErrorRate: 2%, maxP99LatencyMs: 200, minRequests: 20, manual: { on: ${manual} } }
models:
  - { name: fraud, version: ${version}, artifact: models/fraud/${version}/model.onnx, framework: onnx, input: { name: x, dtype: float32, shape: [-1, 4] } }
`;

let dir: string;
let now: number;
let metrics: MemoryMetricStore;
let platform: CliPlatform;
const random = seeded(9);

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cli-approve-'));
  now = Date.UTC(2026, 0, 1);
  metrics = new MemoryMetricStore({ bucketMs: 1_000, random });
  const clock = {
    now: () => now,
    sleep: async (ms: number) => {
      now += ms;
    },
  };
  const preparer = new HashingReleasePreparer(() => dir);
  platform = { clock, controllerDeps: () => ({ metrics, alarms: new LocalAlarmEvaluator(metrics), preparer }) };
  for (const v of ['1.0.0', '1.1.0']) {
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

/** `seconds` of healthy traffic split by the route table, a controller tick each second. */
async function run(seconds: number) {
  for (let s = 0; s < seconds; s++) {
    now += 1_000;
    const route = (await new StateRouteTable(new FileStateStore(join(dir, '.mlrelease/state'))).readTable()).routes
      .fraud;
    for (let i = 0; route && i < 20; i++) {
      const canary = route.candidate !== undefined && random() * 100 < route.candidateWeight;
      const target = canary ? route.candidate! : route.stable;
      metrics.record({
        model: 'fraud',
        track: canary ? 'candidate' : 'stable',
        version: target.version,
        latencyMs: 20,
        error: false,
        at: now - 500,
      });
    }
    await cli('controller', 'run', '--once');
  }
}

async function release(version: string, seconds: number, manual?: string) {
  await writeFile(join(dir, 'models.yaml'), manifest(version, manual));
  expect((await cli('apply')).code).toBe(0);
  await run(seconds);
}

const intents = async () => (await new FileStateStore(join(dir, '.mlrelease/state')).get(intentKey('fraud')))?.value;

describe('mlrelease approve', () => {
  it('lets a step held by the manual gate move, with who and why in status and history', async () => {
    await release('1.0.0', 5);
    await release('1.1.0', 25);
    const waiting = await cli('status', 'fraud');

    const approve = await cli('approve', 'fraud', '--reason', 'error budget fine', '--actor', 'ana');
    await run(2);
    const moved = await cli('status', 'fraud', '--json');
    const history = await cli('history', 'fraud');

    expect(waiting.out).toContain('fraud  Progressing step 1 at 10%');
    expect(waiting.out).toContain('step gates: waiting for approval (mlrelease approve fraud --reason ...)');
    expect(approve).toMatchObject({
      code: 0,
      out: 'fraud: approval of step 1/2 of 1.1.0 recorded (#1); the step moves once its bake is over and its other gates pass\n',
    });
    expect(JSON.parse(moved.out)[0]).toMatchObject({ phase: 'Progressing', step: 1, weight: 50 });
    expect(history.out).toMatch(
      /\[waiting\] by controller: waiting for approval \(mlrelease approve fraud --reason \.\.\.\)/,
    );
    expect(history.out).toMatch(/10%\s+\[approved\] by ana: step 1 approved by ana: error budget fine/);
    expect(history.out).toMatch(
      /50%\s+\[step\] by controller: step 2\/2: 50% \(.*; approved by ana: error budget fine\)/,
    );
  });

  it('--json says what was recorded', async () => {
    await release('1.0.0', 5);
    await release('1.1.0', 5);

    const approve = await cli('approve', 'fraud', '--json');

    expect(approve.code).toBe(0);
    expect(JSON.parse(approve.out)).toMatchObject({
      model: 'fraud',
      version: '1.1.0',
      step: 1,
      of: 2,
      intent: { seq: 1, type: 'approve', who: 'carol' },
    });
  });

  it.each([
    ['an unknown model', async () => undefined, ['approve', 'nope'], 'unknown model: nope\n'],
    [
      'a model with no rollout in progress',
      async () => release('1.0.0', 5),
      ['approve', 'fraud'],
      'fraud: nothing to approve: rollout is Promoted\n',
    ],
    [
      'a step the gate does not ask at (on: promote)',
      async () => {
        await release('1.0.0', 5, 'promote');
        await release('1.1.0', 5, 'promote');
      },
      ['approve', 'fraud'],
      'fraud: nothing to approve: step 1/2 needs no approval (the manual gate asks before promotion only)\n',
    ],
  ])('exits 1 for %s, recording nothing', async (_name, prepare, argv, err) => {
    await prepare();

    const result = await cli(...argv);

    expect(result).toMatchObject({ code: 1, out: '', err });
    expect(await intents()).toBeUndefined();
  });

  it('exits 2 on a bad command line', async () => {
    expect((await cli('approve')).code).toBe(2);
    expect((await cli('approve', 'fraud', '--bogus')).code).toBe(2);
  });

  it('--help names the verb and its options', async () => {
    const help = await cli('approve', '--help');

    expect(help.code).toBe(0);
    expect(help.out).toContain('Approve the current step of a rollout whose manual gate holds it');
    expect(help.out).toContain('--reason');
  });
});
