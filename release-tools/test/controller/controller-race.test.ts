import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FileStateStore } from '../../src/adapters/local/file-state-store.ts';
import { StateRouteTable } from '../../src/adapters/state-route-table.ts';
import { createController } from '../../src/controller/create-controller.ts';
import { rolloutKey } from '../../src/domain/deployed-models.ts';
import type { RolloutRecord } from '../../src/domain/rollout/record.ts';
import type { StateStore } from '../../src/ports/state-store.ts';
import { harness, manifestOf, model } from './harness.ts';

/** Holds every reader of `key` until `parties` readers have arrived, so both decide on one version. */
function withBarrier(
  store: StateStore,
  key: string,
  gate: { arrived: number; release?: () => void; wait: Promise<void> },
): StateStore {
  let first = true;
  return {
    list: (p) => store.list(p),
    put: (k, v, e) => store.put(k, v, e),
    async get<T>(k: string) {
      if (k === key && first) {
        first = false;
        gate.arrived++;
        if (gate.arrived === 2) gate.release?.();
        await gate.wait;
      }
      return store.get<T>(k);
    },
  };
}

let dir: string | undefined;
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('two controllers racing on one state dir', () => {
  it('lets exactly one write win; the other re-reads and decides again', async () => {
    dir = await mkdtemp(join(tmpdir(), 'race-'));
    const manifest = manifestOf(model('fraud', '1.0.0'));
    const gate: { arrived: number; release?: () => void; wait: Promise<void> } = {
      arrived: 0,
      wait: Promise.resolve(),
    };
    gate.wait = new Promise((resolve) => {
      gate.release = resolve;
    });
    const controllers = [0, 1].map(() => {
      const store = withBarrier(new FileStateStore(dir!), rolloutKey('fraud'), gate);
      const base = harness(manifest, { store });
      return createController({ ...base.deps, store, router: new StateRouteTable(store) });
    });

    const reports = await Promise.all(controllers.map((c) => c.reconcile(1_000)));

    const conflicts = reports.map((r) => r.models[0]!.conflicts).sort();
    expect(conflicts).toEqual([0, 1]);
    const record = (await new FileStateStore(dir).get<RolloutRecord>(rolloutKey('fraud')))!.value;
    // The winner started the rollout; the loser saw it and took the next step, once.
    expect(record.history.map((e) => e.type)).toEqual(['started', 'compiling']);
    expect(record.phase).toBe('Compiling');
  });
});
