import { describe, expect, it } from 'vitest';
import { createController } from '../../src/controller/create-controller.ts';
import type { WeightGauge } from '../../src/ports/weight-gauge.ts';
import { harness, manifestOf, model } from './harness.ts';

const healthy = { latencyMs: 20, errorRate: 0 };

/** Runs the harness's rollout with a controller that also has `gauge`, until `fraud` is Promoted. */
async function rollOut(gauge: WeightGauge) {
  const h = harness(manifestOf(model('fraud', '1.0.0')));
  const controller = createController({ ...h.deps, gauge });
  const tick = async () => {
    h.advance(1_000);
    await h.traffic('fraud', 50, healthy);
    h.alarms.evaluate(h.now());
    await controller.reconcile(h.now());
  };
  const untilPromoted = async () => {
    for (let i = 0; i < 400 && (await h.record('fraud'))?.phase !== 'Promoted'; i++) await tick();
  };
  await untilPromoted();
  h.setDesired(manifestOf(model('fraud', '1.1.0')));
  await tick();
  await untilPromoted();
  return h;
}

describe('candidate weight gauge', () => {
  it('follows the route through every canary step and back to 0, re-sent while the candidate is live', async () => {
    const sets: [string, number][] = [];

    await rollOut({ set: async (m, w) => void sets.push([m, w]) });

    const distinct = sets.filter(([, w], i) => i === 0 || w !== sets[i - 1]![1]).map(([, w]) => w);
    expect(distinct).toEqual([0, 10, 50, 100, 0]);
    expect(sets.every(([m]) => m === 'fraud')).toBe(true);
    // Once per bake tick, not only on the three changes: the dashboard line has no gaps.
    expect(sets.filter(([, w]) => w === 10).length).toBeGreaterThan(10);
  });

  it('does not hold up a rollout when publishing the metric fails', async () => {
    let attempts = 0;

    const h = await rollOut({
      set: async () => {
        attempts++;
        throw new Error('Throttling');
      },
    });

    expect((await h.record('fraud'))?.stable?.version).toBe('1.1.0');
    expect(attempts).toBeGreaterThan(3);
  });
});
