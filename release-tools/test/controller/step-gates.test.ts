// Step gates through the real controller: a webhook asked once per step moves the rollout on a
// pass, holds it on a 5xx (asked again after a backoff), rolls it back on pass: false; a manual gate
// holds it until `mlrelease approve`, recorded with who and why.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MemoryStateStore } from '../../src/adapters/local/memory-state-store.ts';
import { renderStatus } from '../../src/cli/render-rollout.ts';
import { recordIntent } from '../../src/cli/rollout-state.ts';
import type { WebhookBody } from '../../src/domain/gates/webhook-body.ts';
import type { WebhookAnswer, WebhookCaller, WebhookRequest } from '../../src/ports/webhook.ts';
import { harness, manifestOf, model } from './harness.ts';

const URL = 'https://checks.example.com/gate';
const release = (gates: string) => `    strategy: canary
    steps: [ { weight: 10, bake: 30s }, { weight: 50, bake: 30s } ]
    gates: { maxErrorRate: 1%, maxP99LatencyMs: 200, minRequests: 20${gates} }`;

/** A webhook service answering from a script; it remembers every request. */
function scripted(answer: (call: number) => WebhookAnswer) {
  const calls: WebhookRequest[] = [];
  const caller: WebhookCaller = {
    post: async (request) => {
      calls.push(request);
      return answer(calls.length);
    },
  };
  return { caller, calls, bodies: () => calls.map((c) => c.body as WebhookBody) };
}
const json = (value: unknown, status = 200): WebhookAnswer => ({ kind: 'response', status, body: { json: value } });

/** 1.0.0 stable, then 1.1.0 released: it is at step 1 (10%) when this returns. */
async function releasing(gates: string, webhooks?: WebhookCaller) {
  const h = harness(manifestOf(model('fraud', '1.0.0'), release(gates)), webhooks ? { webhooks } : {});
  for (let i = 0; i < 5; i++) await h.tick();
  h.setDesired(manifestOf(model('fraud', '1.1.0'), release(gates)));
  for (let i = 0; i < 5; i++) await h.tick();
  return h;
}

/** `seconds` of healthy traffic, a tick every 5 s. */
async function run(h: Awaited<ReturnType<typeof releasing>>, seconds: number) {
  for (let s = 1; s <= seconds; s++) {
    h.advance(1_000);
    await h.traffic('fraud', 20, { latencyMs: 20, errorRate: 0 });
    if (s % 5 === 0) await h.tick();
  }
  return (await h.record('fraud'))!;
}

describe('webhook step gates', () => {
  it('a pass moves the step; the webhook is asked once per step, not at every tick', async () => {
    const hook = scripted(() => json({ pass: true, reason: 'smoke tests green' }));
    const h = await releasing(`, webhooks: [{ url: ${URL} }]`, hook.caller);

    const advanced = await run(h, 45);

    expect(advanced).toMatchObject({ phase: 'Progressing', step: 1, weight: 50 });
    expect(hook.calls).toHaveLength(1);
    expect(hook.calls[0]).toMatchObject({ url: URL, timeoutMs: 10_000 });
    expect(hook.bodies()[0]).toMatchObject({
      apiVersion: 'mlrelease/webhook/v1',
      id: 'fraud/2/1',
      model: 'fraud',
      rolloutId: 2,
      stableVersion: '1.0.0',
      candidateVersion: '1.1.0',
      step: 1,
      steps: 2,
      weight: 10,
      next: { kind: 'advance', step: 2, weight: 50 },
      gates: { outcome: 'pass' },
    });
    expect(advanced.history.findLast((e) => e.type === 'step')?.why).toMatch(
      new RegExp(`; webhook ${URL}: pass: smoke tests green\\)$`),
    );

    const promoted = await run(h, 20);

    expect(promoted.phase).toBe('Promoted');
    expect(hook.bodies().map((b) => b.next)).toEqual([{ kind: 'advance', step: 2, weight: 50 }, { kind: 'promote' }]);
  });

  it('a 5xx holds the step, says so once, asks again after 10 s, and a pass then moves it', async () => {
    const hook = scripted((call) => (call <= 2 ? json({ error: 'down' }, 503) : json({ pass: true })));
    const h = await releasing(`, webhooks: [{ url: ${URL} }]`, hook.caller);

    const held = await run(h, 35);

    expect(held).toMatchObject({ phase: 'Progressing', step: 0, weight: 10 });
    expect(hook.calls).toHaveLength(1);
    expect(held.history.at(-1)).toMatchObject({ type: 'waiting', why: `webhook ${URL}: hold (HTTP 503)` });
    expect(held.stepGates).toMatchObject({ step: 0, webhooks: [{ url: URL, outcome: 'hold', attempts: 1 }] });
    const retryAt = new Date(held.stepGates!.webhooks[0]!.retryAt!).toISOString().slice(11, 19);
    expect(renderStatus(held)).toContain(
      `\n    step gates: webhook ${URL}: hold (HTTP 503), asked 1 time, next at ${retryAt}Z`,
    );

    // 10 s later: asked again, 503 again; the history says nothing new.
    const again = await run(h, 10);
    expect(hook.calls).toHaveLength(2);
    expect(again.history.filter((e) => e.type === 'waiting')).toHaveLength(1);
    expect(again.stepGates?.webhooks[0]).toMatchObject({
      attempts: 2,
      retryAt: again.stepGates!.webhooks[0]!.at + 20_000,
    });

    // Not before 20 s, then a pass.
    expect((await run(h, 10)).step).toBe(0);
    expect(hook.calls).toHaveLength(2);
    const moved = await run(h, 5);
    expect(hook.calls).toHaveLength(3);
    expect(moved).toMatchObject({ phase: 'Progressing', step: 1, weight: 50 });
  });

  it('pass: false rolls the candidate back, with the service reason in the history', async () => {
    const hook = scripted(() => json({ pass: false, reason: 'fraud catch rate down 3%' }));
    const h = await releasing(`, webhooks: [{ url: ${URL} }]`, hook.caller);

    const r = await run(h, 35);

    expect(r.phase).toBe('RolledBack');
    expect(r.rolledBackVersions).toEqual(['1.1.0']);
    expect(r.history.at(-1)).toMatchObject({
      type: 'rolled-back',
      who: 'controller',
      why: `webhook ${URL}: pass: false: fraud catch rate down 3%`,
      held: true,
    });
    expect((await h.router.readTable()).routes.fraud?.candidate).toBeUndefined();
  });

  it('onFailure: rollback rolls back on a timeout', async () => {
    const hook = scripted(() => ({ kind: 'timeout', afterMs: 2_000 }));
    const h = await releasing(`, webhooks: [{ url: ${URL}, timeout: 2s, onFailure: rollback }]`, hook.caller);

    const r = await run(h, 35);

    expect(r.phase).toBe('RolledBack');
    expect(r.history.at(-1)?.why).toBe(`webhook ${URL}: rollback (timeout 2 s)`);
  });

  it('on: promote is asked before the promotion only', async () => {
    const hook = scripted(() => json({ pass: true }));
    const h = await releasing(`, webhooks: [{ url: ${URL}, on: promote }]`, hook.caller);

    expect((await run(h, 35)).step).toBe(1);
    expect(hook.calls).toHaveLength(0);
    expect((await run(h, 35)).phase).toBe('Promoted');
    expect(hook.bodies().map((b) => [b.on, b.next.kind])).toEqual([['promote', 'promote']]);
  });

  it('a failing metric gate still rolls back while a webhook holds the step', async () => {
    const hook = scripted(() => ({ kind: 'unreachable', message: 'ECONNREFUSED' }));
    const h = await releasing(`, webhooks: [{ url: ${URL} }]`, hook.caller);
    expect((await run(h, 35)).history.at(-1)?.type).toBe('waiting');

    for (let s = 1; s <= 30; s++) {
      h.advance(1_000);
      await h.traffic('fraud', 20, { latencyMs: 20, errorRate: 0.5 });
      if (s % 5 === 0) await h.tick();
    }

    expect((await h.record('fraud'))?.phase).toBe('RolledBack');
  });
});

describe('manual step gate', () => {
  it('holds at the end of the step until mlrelease approve, recorded with who and why', async () => {
    const h = await releasing(', manual: { on: step }');

    const waiting = await run(h, 60);

    expect(waiting).toMatchObject({ phase: 'Progressing', step: 0, weight: 10 });
    const said = waiting.history.filter((e) => e.type === 'waiting');
    expect(said).toHaveLength(1);
    expect(said[0]!.why).toBe('waiting for approval (mlrelease approve fraud --reason ...)');

    await recordIntent(h.store, 'fraud', { type: 'approve', at: h.now(), who: 'ana', reason: 'dashboards checked' });
    await h.tick(); // the intent: the approval is recorded
    await h.tick(); // the step moves
    const approved = (await h.record('fraud'))!;

    const events = approved.history.slice(-2);
    expect(events[0]).toMatchObject({
      type: 'approved',
      who: 'ana',
      why: 'step 1 approved by ana: dashboards checked',
    });
    expect(events[1]).toMatchObject({ type: 'step', weight: 50 });
    expect(events[1]!.why).toMatch(/; approved by ana: dashboards checked\)$/);
    expect(approved).toMatchObject({ step: 1, weight: 50 });

    // The next step needs its own approval.
    expect((await run(h, 60)).step).toBe(1);
  });

  it('an approval given while the step still bakes counts when it ends', async () => {
    const h = await releasing(', manual: { on: step }');
    await recordIntent(h.store, 'fraud', { type: 'approve', at: h.now(), who: 'bo' });

    const r = await run(h, 35);

    expect(r).toMatchObject({ step: 1, weight: 50 });
    expect(r.history.filter((e) => e.type === 'waiting')).toHaveLength(0);
    expect(r.history.find((e) => e.type === 'approved')).toMatchObject({
      who: 'bo',
      why: 'step 1 approved by bo: approved',
    });
  });
});

describe('a rollout recorded before step gates', () => {
  it('is read mid-rollout and goes on to promotion with the policy it started with', async () => {
    // Written by the code at f4b644b: fraud-detector 1.0.0 -> 1.1.0, 20 s into a 30 s 10% step.
    const fixture = join(import.meta.dirname, '../fixtures/step-gates-before-v0/state.json');
    const state = JSON.parse(readFileSync(fixture, 'utf8')) as Record<string, unknown>;
    const store = new MemoryStateStore();
    for (const [key, value] of Object.entries(state)) await store.put(key, value, null);
    const hook = scripted(() => json({ pass: false }));
    // models.yaml now names a webhook; the rollout in flight keeps the policy it started with.
    const gated = release(`, webhooks: [{ url: ${URL} }]`);
    const h = harness(manifestOf(model('fraud-detector', '1.1.0'), gated), { store, webhooks: hook.caller });
    h.advance(20_000);

    for (let s = 1; s <= 80; s++) {
      h.advance(1_000);
      await h.traffic('fraud-detector', 20, { latencyMs: 20, errorRate: 0 });
      if (s % 5 === 0) await h.tick();
    }
    const r = (await h.record('fraud-detector'))!;

    expect(r).toMatchObject({ rolloutId: 2, phase: 'Promoted' });
    expect(r.stepGates).toBeUndefined();
    expect(hook.calls).toHaveLength(0);
  });
});
