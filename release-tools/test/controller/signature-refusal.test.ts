// The controller refuses a release whose signature breaks stable's callers, unless models.yaml
// declares it breaking (then it goes all at once).
import { describe, expect, it } from 'vitest';
import type { RolloutRecord } from '../../src/domain/rollout/record.ts';
import { harness, manifestOf } from './harness.ts';

type H = ReturnType<typeof harness>;
const healthy = { latencyMs: 20, errorRate: 0 };
const fraud = (version: string, width: number, extra = '') =>
  `  - { name: fraud, version: ${version}, artifact: m/fraud/${version}/model.onnx, framework: onnx, input: { name: x, dtype: float32, shape: [-1, ${width}] }${extra} }\n`;

async function runTicks(h: H, ticks: number, until?: (r: RolloutRecord) => boolean) {
  for (let i = 0; i < ticks; i++) {
    h.advance(1_000);
    await h.traffic('fraud', 50, healthy);
    await h.tick();
    const r = await h.record('fraud');
    if (r && until?.(r)) return;
  }
}

describe('signature compatibility in the controller', () => {
  it('holds an incompatible version, says why once, and keeps stable serving', async () => {
    // Prepare: 1.0.0 takes [-1, 4]
    const h = harness(manifestOf(fraud('1.0.0', 4)));
    await runTicks(h, 5, (r) => r.phase === 'Promoted');
    expect((await h.record('fraud'))?.stable?.signature?.inputs[0]?.shape).toEqual([-1, 4]);
    // Act: 1.1.0 takes [-1, 5]
    h.setDesired(manifestOf(fraud('1.1.0', 5)));
    await runTicks(h, 5);
    // Assess
    const r = await h.record('fraud');
    expect(r?.stable?.version).toBe('1.0.0');
    expect(r?.candidate).toBeUndefined();
    const held = r!.history.filter((e) => e.type === 'held');
    expect(held).toHaveLength(1);
    expect(held[0]).toMatchObject({ version: '1.1.0' });
    expect(held[0]!.why).toContain('signature incompatible with stable 1.0.0: input "x" shape [-1, 4] -> [-1, 5]');
    expect((await h.router.readTable()).routes.fraud).toMatchObject({
      stable: { version: '1.0.0' },
      candidateWeight: 0,
    });
  });

  it('releases it all at once when models.yaml declares it breaking', async () => {
    const h = harness(manifestOf(fraud('1.0.0', 4)));
    await runTicks(h, 5, (r) => r.phase === 'Promoted');

    h.setDesired(manifestOf(fraud('1.1.0', 5, ', release: { strategy: all-at-once, breaking: true }')));
    await runTicks(h, 20, (r) => r.phase === 'Promoted' && r.stable?.version === '1.1.0');

    const r = await h.record('fraud');
    expect(r?.stable?.version).toBe('1.1.0');
    expect(r?.history.some((e) => e.type === 'held')).toBe(false);
  });

  it('releases a compatible version by canary as usual', async () => {
    const h = harness(manifestOf(fraud('1.0.0', 4)));
    await runTicks(h, 5, (r) => r.phase === 'Promoted');

    h.setDesired(manifestOf(fraud('1.1.0', 4)));
    await runTicks(h, 10, (r) => r.phase === 'Progressing');

    expect((await h.record('fraud'))?.phase).toBe('Progressing');
  });
});
