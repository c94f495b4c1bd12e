// Controller benchmarks: one reconcile over 1,000 models (memory and file state stores, side by
// side), and how fast a bad candidate is rolled back (ticks after its alarm; seconds after the
// first bad request, by alarm and by judge).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mulberry32 } from '../local/src/example-models/prng.ts';
import { loadManifest } from '../model-registry/src/domain/manifest/load-manifest.ts';
import type { Manifest } from '../model-registry/src/domain/manifest/types.ts';
import { FileStateStore } from '../release-tools/src/adapters/local/file-state-store.ts';
import { MemoryStateStore } from '../release-tools/src/adapters/local/memory-state-store.ts';
import { StateRouteTable } from '../release-tools/src/adapters/state-route-table.ts';
import { alarmDefinitions } from '../release-tools/src/domain/alarms/alarm-definition.ts';
import { rolloutKey } from '../release-tools/src/domain/deployed-models.ts';
import type { RolloutRecord } from '../release-tools/src/domain/rollout/record.ts';
import type { StateStore } from '../release-tools/src/ports/state-store.ts';
import { type BenchRow, medianMs } from './bench-row.ts';
import { benchController } from './fixtures/bench-controller.ts';

function manifest(models: number, version: string, release: string): Manifest {
  const entries = Array.from(
    { length: models },
    (_, i) =>
      `  - { name: m${i}, version: ${version}, artifact: a/m${i}.onnx, framework: onnx, input: { name: x, dtype: float32, shape: [-1, 4] } }`,
  );
  const text = `apiVersion: mlrelease/v1\nendpoint: { name: e, instanceType: ml.c5.xlarge, instances: { min: 1, max: 2 }, targetInvocationsPerInstance: 1 }\ndefaults:\n  compile: { target: ml_c5 }\n  release:\n${release}\nmodels:\n${entries.join('\n')}\n`;
  const result = loadManifest(text);
  if (!result.ok) throw new Error(JSON.stringify(result.issues[0]));
  return result.manifest;
}

const CANARY = `    strategy: canary
    steps: [ { weight: 10, bake: 1m }, { weight: 50, bake: 1m } ]
    gates: { maxErrorRate: 2%, maxP99LatencyMs: 200, minRequests: 100000 }`;

function setup(store: StateStore, desired: { current: Manifest }, now: { t: number }) {
  const router = new StateRouteTable(store);
  const { controller, metrics, alarms } = benchController({ store, router, desired, now });
  const tick = () => {
    now.t += 1_000;
    return controller.reconcile(now.t);
  };
  return { controller, metrics, alarms, router, tick };
}

async function reconcile1000(store: StateStore): Promise<number> {
  const now = { t: 1_000_000 };
  const desired = { current: manifest(1_000, '1.0.0', CANARY) };
  const { tick } = setup(store, desired, now);
  for (let i = 0; i < 4; i++) await tick();
  desired.current = manifest(1_000, '1.1.0', CANARY);
  for (let i = 0; i < 4; i++) await tick();
  // Steady state: 1,000 rollouts baking, each reading its record, intents and gate signals.
  return medianMs(5, tick);
}

async function timeToRollback(kind: 'alarm' | 'judge') {
  const release =
    kind === 'alarm'
      ? CANARY
      : `${CANARY.replace('minRequests: 100000', 'minRequests: 100')}\n    judge: { metric: latency, test: sequential-rank, alpha: 0.01 }`;
  const store = new MemoryStateStore();
  const now = { t: 1_000_000 };
  const desired = { current: manifest(1, '1.0.0', release) };
  const { controller, metrics, alarms, router, tick: step } = setup(store, desired, now);
  alarms.define(alarmDefinitions(desired.current, { periodMs: 10_000, evaluationPeriods: 3, datapointsToAlarm: 2 }));
  const random = mulberry32(9);
  for (let i = 0; i < 4; i++) await step();
  desired.current = manifest(1, '1.1.0', release);
  let firstBad: number | undefined;
  let alarmTick: number | undefined;
  for (let tick = 0; tick < 300; tick++) {
    now.t += 1_000;
    const route = (await router.readTable()).routes.m0!;
    for (let i = 0; i < 50; i++) {
      const canary = route.candidate !== undefined && random() * 100 < route.candidateWeight;
      if (canary) firstBad ??= now.t;
      metrics.record({
        model: 'm0',
        track: canary ? 'candidate' : 'stable',
        version: canary ? route.candidate!.version : route.stable.version,
        latencyMs: (kind === 'judge' && canary ? 60 : 20) + random() * 10,
        error: kind === 'alarm' && canary && random() < 0.3,
        at: now.t - 500,
      });
    }
    // As the loop does: evaluate alarms, and a state change wakes the controller at once.
    if (alarms.evaluate(now.t).some((c) => c.state === 'ALARM')) alarmTick ??= tick;
    await controller.reconcile(now.t);
    const record = (await store.get<RolloutRecord>(rolloutKey('m0')))!.value;
    if (record.phase === 'RolledBack')
      return {
        ticksAfterAlarm: alarmTick === undefined ? undefined : tick - alarmTick,
        seconds: (now.t - firstBad!) / 1000,
      };
  }
  throw new Error(`${kind}: never rolled back`);
}

export default async function run(): Promise<BenchRow[]> {
  const memoryMs = await reconcile1000(new MemoryStateStore());
  const dir = await mkdtemp(join(tmpdir(), 'bench-state-'));
  let fileMs: number;
  try {
    fileMs = await reconcile1000(new FileStateStore(dir));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  const alarm = await timeToRollback('alarm');
  const judge = await timeToRollback('judge');
  return [
    {
      name: 'controller: reconcile 1,000 baking rollouts (memory state)',
      value: memoryMs,
      unit: 'ms',
      target: '< 1000 ms',
      ok: memoryMs < 1000,
    },
    {
      name: 'controller: reconcile 1,000 baking rollouts (file state)',
      value: fileMs,
      unit: 'ms',
      target: '< 5000 ms',
      ok: fileMs < 5000,
      notes: `${(fileMs / memoryMs).toFixed(1)}x memory, same run`,
    },
    {
      name: 'controller: alarm to rollback',
      value: alarm.ticksAfterAlarm ?? -1,
      unit: 'ticks',
      target: '<= 1 tick',
      ok: alarm.ticksAfterAlarm !== undefined && alarm.ticksAfterAlarm <= 1,
      notes: `30% errors at 10% canary; alarm 2 of 3 x 10s periods`,
    },
    {
      name: 'controller: first bad request to rollback (alarm)',
      value: alarm.seconds,
      unit: 's',
      notes: '1 s ticks, 50 req/s',
    },
    {
      name: 'controller: first bad request to rollback (judge)',
      value: judge.seconds,
      unit: 's',
      notes: '+40 ms latency, sequential rank judge alpha 0.01 (waits for minRequests 100); no alarm fired',
    },
  ];
}
