import { describe, expect, it } from 'vitest';
import type { Manifest, ModelSpec } from '../../model-registry/src/domain/manifest/types.ts';
import { oneInput } from '../../model-registry/test/support/one-input.ts';
import { MemoryStateStore } from '../../release-tools/src/adapters/local/memory-state-store.ts';
import { StateRouteTable } from '../../release-tools/src/adapters/state-route-table.ts';
import { ReleaseLoop } from '../src/release-loop.ts';

const gates = { maxErrorRate: 0.01, maxP99LatencyMs: 200, minRequests: 10, alarms: [] };
const spec = (name: string, version: string): ModelSpec => ({
  name,
  version,
  artifact: `models/${name}.onnx`,
  framework: 'onnx',
  signature: oneInput('x', 'float32', [-1, 2], 4),
  compile: { target: 'ml_c5', engine: 'onnxruntime' },
  serving: 'multi-model',
  release: { strategy: 'all-at-once', gates },
});
const manifest = (...models: ModelSpec[]): Manifest => ({
  apiVersion: 'mlrelease/v1',
  endpoint: {
    name: 'e',
    instanceType: 'ml.c5.xlarge',
    instances: { min: 1, max: 1 },
    targetInvocationsPerInstance: 300,
  },
  models,
});

function setup(controller?: { reconcile(): Promise<unknown> }) {
  const traffic = new StateRouteTable(new MemoryStateStore());
  const prepared: string[] = [];
  let invalidations = 0;
  let alarmListener: (() => void) | undefined;
  const loop = new ReleaseLoop({
    traffic,
    prepare: async (s) => {
      prepared.push(`${s.name}@${s.version}`);
      if (s.name === 'broken') throw new Error('no artifact');
      return `${s.name}/${s.version}-abc/model.onnx`;
    },
    ...(controller ? { controller } : {}),
    alarmEvents: {
      onChange(listener) {
        alarmListener = listener;
        return () => {
          alarmListener = undefined;
        };
      },
    },
    tickMs: 60_000,
    onRoutesChanged: () => invalidations++,
    log: () => {},
  });
  return { loop, traffic, prepared, invalidations: () => invalidations, fireAlarm: () => alarmListener?.() };
}

describe('ReleaseLoop', () => {
  it('without a controller routes each model to its declared version and drops removed ones', async () => {
    // Prepare
    const { loop, traffic } = setup();
    await loop.apply(manifest(spec('a', '1.0.0'), spec('b', '1.0.0')));
    // Act
    await loop.apply(manifest(spec('a', '2.0.0')));
    // Assess
    const table = await traffic.readTable();
    expect(Object.keys(table.routes)).toEqual(['a']);
    expect(table.routes.a?.stable).toEqual({ version: '2.0.0', targetModel: 'a/2.0.0-abc/model.onnx' });
  });

  it('prepares each model version once and skips one that fails to prepare', async () => {
    const { loop, traffic, prepared } = setup();
    await loop.apply(manifest(spec('a', '1.0.0'), spec('broken', '1.0.0')));
    await loop.apply(manifest(spec('a', '1.0.0'), spec('broken', '1.0.0')));
    expect(prepared).toEqual(['a@1.0.0', 'broken@1.0.0', 'broken@1.0.0']);
    expect(Object.keys((await traffic.readTable()).routes)).toEqual(['a']);
  });

  it('with a controller reconciles on apply and on an alarm change, and invalidates route caches', async () => {
    // Prepare
    let reconciles = 0;
    const { loop, fireAlarm, invalidations } = setup({ reconcile: async () => ++reconciles });
    loop.start();
    // Act
    await loop.apply(manifest(spec('a', '1.0.0')));
    fireAlarm();
    await loop.stop();
    // Assess
    expect(reconciles).toBe(2);
    expect(invalidations()).toBe(2);
  });

  it('runs exactly one more reconcile for any number of requests during a run', async () => {
    // Prepare
    let release = () => {};
    let runs = 0;
    const { loop } = setup({
      reconcile: () => {
        runs++;
        return runs === 1 ? new Promise((resolve) => (release = () => resolve(runs))) : Promise.resolve(runs);
      },
    });
    // Act
    const first = loop.reconcile();
    const during = [loop.reconcile(), loop.reconcile(), loop.reconcile()];
    release();
    await Promise.all([first, ...during]);
    // Assess
    expect(runs).toBe(2);
  });
});
