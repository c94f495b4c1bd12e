// The webhook gate's decision from one answer, for every way a service can answer or not.
import { describe, expect, it } from 'vitest';
import { retryDelayMs, webhookVerdict } from '../../src/domain/gates/webhook-gate.ts';
import type { WebhookAnswer } from '../../src/ports/webhook.ts';

const URL = 'https://checks.example.com/gate';
const hold = { url: URL, onFailure: 'hold' } as const;
const rollback = { url: URL, onFailure: 'rollback' } as const;
const ok = (json: unknown, status = 200): WebhookAnswer => ({ kind: 'response', status, body: { json } });

describe('webhook gate verdict', () => {
  it.each<[string, WebhookAnswer, string, string]>([
    ['2xx pass: true', ok({ pass: true }), 'pass', `webhook ${URL}: pass`],
    [
      '204-style 2xx pass: true with a reason',
      ok({ pass: true, reason: 'smoke tests green' }, 202),
      'pass',
      `webhook ${URL}: pass: smoke tests green`,
    ],
    [
      '2xx pass: false (an explicit no)',
      ok({ pass: false, reason: 'fraud rate up' }),
      'rollback',
      `webhook ${URL}: pass: false: fraud rate up`,
    ],
    ['a timeout', { kind: 'timeout', afterMs: 10_000 }, 'hold', `webhook ${URL}: hold (timeout 10 s)`],
    [
      'a refused connection',
      { kind: 'unreachable', message: 'ECONNREFUSED' },
      'hold',
      `webhook ${URL}: hold (unreachable: ECONNREFUSED)`,
    ],
    ['a 5xx, whatever its body says', ok({ pass: true }, 503), 'hold', `webhook ${URL}: hold (HTTP 503)`],
    [
      'a 4xx with pass: false (not a 2xx: no verdict)',
      ok({ pass: false }, 403),
      'hold',
      `webhook ${URL}: hold (HTTP 403)`,
    ],
    ['a redirect (not followed)', { kind: 'response', status: 302 }, 'hold', `webhook ${URL}: hold (HTTP 302)`],
    [
      'a 2xx that is not JSON',
      { kind: 'response', status: 200 },
      'hold',
      `webhook ${URL}: hold (HTTP 200, body not JSON)`,
    ],
    ['a 2xx without pass', ok({ ok: true }), 'hold', `webhook ${URL}: hold (HTTP 200 without a boolean "pass")`],
    [
      'a 2xx with pass: "true" (a string)',
      ok({ pass: 'true' }),
      'hold',
      `webhook ${URL}: hold (HTTP 200 without a boolean "pass")`,
    ],
    ['a 2xx JSON array', ok([true]), 'hold', `webhook ${URL}: hold (HTTP 200 without a boolean "pass")`],
    ['a 2xx JSON null', ok(null), 'hold', `webhook ${URL}: hold (HTTP 200 without a boolean "pass")`],
  ])('%s', (_name, answer, outcome, why) => {
    expect(webhookVerdict(hold, answer)).toEqual({ outcome, why });
  });

  it('onFailure: rollback turns every non-answer into a rollback, and leaves the answers alone', () => {
    expect(webhookVerdict(rollback, { kind: 'timeout', afterMs: 2_500 })).toEqual({
      outcome: 'rollback',
      why: `webhook ${URL}: rollback (timeout 2.5 s)`,
    });
    expect(webhookVerdict(rollback, ok({}, 500)).outcome).toBe('rollback');
    expect(webhookVerdict(rollback, ok({ pass: true })).outcome).toBe('pass');
    expect(webhookVerdict(rollback, ok({ pass: false })).outcome).toBe('rollback');
  });

  it('a reason is one printable line of at most 200 characters', () => {
    const noisy = webhookVerdict(hold, ok({ pass: true, reason: 'line one\n\x1b[31mred\x1b[0m\tend ' }));
    const long = webhookVerdict(hold, ok({ pass: false, reason: 'x'.repeat(500) }));

    expect(noisy.why).toBe(`webhook ${URL}: pass: line one [31mred [0m end`);
    expect(long.why).toBe(`webhook ${URL}: pass: false: ${'x'.repeat(199)}…`);
  });

  it('a reason that is not a string is left out', () => {
    expect(webhookVerdict(hold, ok({ pass: true, reason: { a: 1 } })).why).toBe(`webhook ${URL}: pass`);
  });
});

describe('webhook retry backoff', () => {
  it('waits 10 s after the first hold, doubling, at most 5 min', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 20].map(retryDelayMs)).toEqual([
      10_000, 20_000, 40_000, 80_000, 160_000, 300_000, 300_000, 300_000,
    ]);
  });
});
