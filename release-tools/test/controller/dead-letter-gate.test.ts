// The controller with a dead-letter reader: an async-only canary whose candidate sends no invocation
// metric (every delivery fails before a result) waits for minRequests forever without it, and is
// rolled back by its dead letters with it; stable's dead letters do not count against the candidate.
import { describe, expect, it } from 'vitest';
import { type ListedDeadLetter, ListedDeadLetterReader } from '../../src/adapters/local/listed-dead-letter-reader.ts';
import { renderStatus } from '../../src/cli/render-rollout.ts';
import { createController } from '../../src/controller/create-controller.ts';
import { harness, manifestOf, model } from './harness.ts';

const release = `    strategy: canary
    steps: [ { weight: 20, bake: 1m }, { weight: 50, bake: 1m } ]
    gates: { maxErrorRate: 2%, maxP99LatencyMs: 200, minRequests: 50 }`;

async function asyncOnlyCanary(withReader: boolean) {
  const h = harness(manifestOf(model('fraud', '1.0.0'), release));
  const letters: ListedDeadLetter[] = [];
  const controller = createController({
    ...h.deps,
    ...(withReader ? { deadLetters: new ListedDeadLetterReader(async () => letters) } : {}),
  });
  const tick = async () => {
    h.alarms.evaluate(h.now());
    return controller.reconcile(h.now());
  };
  for (let i = 0; i < 6; i++) {
    h.advance(1_000);
    await tick();
  }
  expect((await h.record('fraud'))?.phase).toBe('Promoted');
  h.setDesired(manifestOf(model('fraud', '1.1.0'), release));
  for (let i = 0; i < 6; i++) {
    h.advance(1_000);
    await tick();
  }
  expect((await h.record('fraud'))?.phase).toBe('Progressing');
  // Stable's own dead letters, older and newer than the candidate's traffic: not the candidate's.
  letters.push({ model: 'fraud', version: '1.0.0', requestId: 'req-stable-1', deadLetteredAt: h.now() - 5_000 });
  letters.push({ model: 'fraud', version: '1.0.0', requestId: 'req-stable-2', deadLetteredAt: h.now() + 1_000 });
  letters.push({ model: 'fraud', requestId: 'req-unknown', deadLetteredAt: h.now() + 1_000 });
  for (let i = 0; i < 10; i++) {
    h.advance(1_000);
    // Stable answers its share; every candidate delivery fails, so the candidate reports nothing.
    for (let n = 0; n < 40; n++)
      h.metrics.record({
        model: 'fraud',
        track: 'stable',
        version: '1.0.0',
        latencyMs: 20,
        error: false,
        at: h.now() - n,
      });
    await tick();
  }
  expect((await h.record('fraud'))?.phase).toBe('Progressing');
  h.advance(1_000);
  letters.push({ model: 'fraud', version: '1.1.0', requestId: 'req-cand-1', deadLetteredAt: h.now() - 500 });
  await tick();
  return h;
}

describe('the dead-letter gate in the controller', () => {
  it('rolls an async-only canary back on its first dead letter, naming it', async () => {
    const h = await asyncOnlyCanary(true);

    const r = await h.record('fraud');
    expect(r?.phase).toBe('RolledBack');
    const rollback = r!.history.at(-1)!;
    expect(rollback.why).toBe(
      'dead letters: 1 dead letter of candidate 1.1.0 (max 0), oldest 1s old; e.g. requests req-cand-1',
    );
    expect(rollback.deadLetters).toMatchObject({ version: '1.1.0', count: 1, max: 0, examples: ['req-cand-1'] });
    expect(r?.lastVerdict?.deadLetters?.count).toBe(1);
    expect(renderStatus(r!)).toContain('[rolled-back] by controller: dead letters: 1 dead letter of candidate 1.1.0');
    expect((await h.router.readTable()).routes.fraud).toMatchObject({
      stable: { version: '1.0.0' },
      candidateWeight: 0,
    });
  });

  it('without a reader, the same canary only waits for candidate requests', async () => {
    const h = await asyncOnlyCanary(false);

    const r = await h.record('fraud');
    expect(r?.phase).toBe('Progressing');
    expect(r?.lastVerdict?.why).toMatch(/candidate requests/);
  });
});
