// `mlrelease promote --full` and `mlrelease rollback` at the same moment on one rollout, with two
// controllers ticking, all in-process on one state dir (real FileStateStore): compare-and-swap
// leaves one outcome, one terminal event, and the loser either told "no rollout in progress" or
// recorded as an ignored intent with its reason.
import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FileStateStore } from '../../src/adapters/local/file-state-store.ts';
import { LocalAlarmEvaluator } from '../../src/adapters/local/local-alarm-evaluator.ts';
import { MemoryMetricStore } from '../../src/adapters/local/memory-metric-store.ts';
import { StateRouteTable } from '../../src/adapters/state-route-table.ts';
import { runCli } from '../../src/cli/app.ts';
import type { CliPlatform } from '../../src/cli/context.ts';
import { rolloutKey } from '../../src/domain/deployed-models.ts';
import { type IntentLog, intentKey } from '../../src/domain/intents.ts';
import type { RolloutRecord } from '../../src/domain/rollout/record.ts';
import { HashingReleasePreparer } from '../cli/hashing-release-preparer.ts';
import { seeded } from '../controller/harness.ts';

const ITERATIONS = Number(process.env.RACE_ITERATIONS ?? 100);
const manifest = (version: string) => `apiVersion: mlrelease/v1
endpoint: { name: mme, instanceType: ml.c5.xlarge, instances: { min: 1, max: 2 } }
defaults:
  compile: { target: ml_c5 }
  release:
    strategy: canary
    steps: [ { weight: 10, bake: 10m }, { weight: 50, bake: 10m } ]
    gates: { maxErrorRate: 2%, maxP99LatencyMs: 200, minRequests: 20 }
models:
  - { name: fraud, version: ${version}, artifact: models/${version}.onnx, framework: onnx, input: { name: x, dtype: float32, shape: [-1, 4] } }
`;

let template: string;
const dirs: string[] = [];

async function cli(dir: string, user: string, ...argv: string[]) {
  let out = '';
  let err = '';
  const metrics = new MemoryMetricStore();
  const platform: CliPlatform = {
    controllerDeps: () => ({
      metrics,
      alarms: new LocalAlarmEvaluator(metrics),
      preparer: new HashingReleasePreparer(() => dir),
    }),
  };
  const code = await runCli(argv, {
    out: { write: (s) => (out += s) },
    err: { write: (s) => (err += s) },
    cwd: dir,
    env: { USER: user },
    platform,
  });
  return { argv: argv.join(' '), user, code, out, err };
}

async function phaseOf(dir: string): Promise<string | undefined> {
  return (await new FileStateStore(join(dir, '.mlrelease/state')).get<RolloutRecord>(rolloutKey('fraud')))?.value.phase;
}

/** A state dir with fraud 1.0.0 stable and 1.1.0 progressing at 10 %, made once through the CLI. */
beforeAll(async () => {
  template = await mkdtemp(join(tmpdir(), 'race-template-'));
  dirs.push(template);
  await mkdir(join(template, 'models'));
  for (const v of ['1.0.0', '1.1.0']) await writeFile(join(template, `models/${v}.onnx`), `bytes of ${v}`);
  const steps: [string, string][] = [
    ['1.0.0', 'Promoted'],
    ['1.1.0', 'Progressing'],
  ];
  for (const [version, target] of steps) {
    await writeFile(join(template, 'models.yaml'), manifest(version));
    expect((await cli(template, 'ci', 'apply')).code).toBe(0);
    for (let tick = 0; tick < 8; tick++) {
      await cli(template, 'controller', 'controller', 'run', '--once');
      const record = (
        await new FileStateStore(join(template, '.mlrelease/state')).get<RolloutRecord>(rolloutKey('fraud'))
      )?.value;
      if (record && record.release.version === version && record.phase === target) break;
    }
  }
  expect(await phaseOf(template)).toBe('Progressing');
});

afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

describe('promote and rollback racing (reliability)', () => {
  it(`resolves ${ITERATIONS} races to one outcome, one terminal event and a clear loser`, async () => {
    const random = seeded(8);
    const outcomes = { Promoted: 0, RolledBack: 0, loserRefused: 0, loserIgnored: 0 };

    for (let i = 0; i < ITERATIONS; i++) {
      // Prepare
      const dir = await mkdtemp(join(tmpdir(), 'race-'));
      dirs.push(dir);
      await cp(template, dir, { recursive: true });
      // Contenders start after their own 0-30 ms; promote and rollback take turns at starting first.
      const headStart = i % 2 === 0 ? 'pat' : 'rob';
      const jitter = (user: string) =>
        new Promise((resolve) => setTimeout(resolve, user === headStart ? 0 : random() * 30));
      const contenders = [
        ['pat', 'promote', 'fraud', '--full'],
        ['rob', 'rollback', 'fraud', '--reason', 'looks wrong'],
        ['controller', 'controller', 'run', '--once'],
        ['controller', 'controller', 'run', '--once'],
      ];

      // Act
      const runs = await Promise.all(
        contenders.map(async ([user, ...argv]) => {
          await jitter(user!);
          return cli(dir, user!, ...argv);
        }),
      );
      for (let tick = 0; tick < 3; tick++) await cli(dir, 'controller', 'controller', 'run', '--once');

      // Assess
      const store = new FileStateStore(join(dir, '.mlrelease/state'));
      const record = (await store.get<RolloutRecord>(rolloutKey('fraud')))!.value;
      const intents = (await store.get<IntentLog>(intentKey('fraud')))?.value.intents ?? [];
      const route = (await new StateRouteTable(store).readTable()).routes.fraud;
      const context = `iteration ${i}: ${JSON.stringify(runs.map((r) => [r.argv, r.code, r.err.trim()]))}`;
      const events = record.history.filter((e) => e.rolloutId === record.rolloutId);
      const terminal = events.filter((e) => e.type === 'promoted' || e.type === 'rolled-back');
      const [promote, rollback] = [runs.find((r) => r.user === 'pat')!, runs.find((r) => r.user === 'rob')!];

      expect(record.phase, context).toMatch(/^(Promoted|RolledBack)$/);
      expect(
        terminal.map((e) => e.to),
        context,
      ).toEqual([record.phase]);
      expect(
        runs.filter((r) => r.user === 'controller').map((r) => r.code),
        context,
      ).toEqual([0, 0]);
      const winner = record.phase === 'Promoted' ? promote : rollback;
      const loser = record.phase === 'Promoted' ? rollback : promote;
      expect(winner.code, context).toBe(0);
      expect(terminal[0]!.who, context).toBe(winner.user);
      if (loser.code === 0) {
        const ignored = events.filter((e) => e.type === 'intent-ignored' && e.who === loser.user);
        expect(
          ignored.map((e) => e.why),
          context,
        ).toEqual([expect.stringMatching(/ignored: rollout is (Promoted|RolledBack)/)]);
        outcomes.loserIgnored++;
      } else {
        expect(loser, context).toMatchObject({ code: 1, err: expect.stringContaining('no rollout in progress') });
        outcomes.loserRefused++;
      }
      expect(
        intents.map((x) => x.seq),
        context,
      ).toEqual(intents.map((_, k) => k + 1));
      expect(record.intentSeq, context).toBe(intents.at(-1)?.seq);
      if (record.phase === 'Promoted')
        expect(route, context).toMatchObject({ stable: { version: '1.1.0' }, candidateWeight: 0 });
      else expect(route, context).toMatchObject({ stable: { version: '1.0.0' }, candidateWeight: 0 });
      outcomes[record.phase as 'Promoted' | 'RolledBack']++;
    }

    expect(outcomes.Promoted + outcomes.RolledBack).toBe(ITERATIONS);
    console.info(`promote/rollback race: ${ITERATIONS} iterations -> ${JSON.stringify(outcomes)}`);
  });
});
