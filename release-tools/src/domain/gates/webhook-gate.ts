// The webhook gate's decision, from one answer: pass, hold or roll back, and why in words. Only a 2xx
// with `"pass": true` passes; a 2xx with `"pass": false` is the service saying no, so the rollout
// rolls back; anything else (timeout, unreachable, non-2xx, no JSON, no boolean pass) says nothing
// about the release, and the gate does what models.yaml's onFailure says (hold by default).
import type { WebhookGate } from '../../../../model-registry/src/domain/manifest/types.ts';
import type { WebhookAnswer } from '../../ports/webhook.ts';

export type StepGateOutcome = 'pass' | 'hold' | 'rollback';

export interface WebhookVerdict {
  readonly outcome: StepGateOutcome;
  readonly why: string;
}

/** A reason longer than this is cut: it goes into every status line and history event. */
const MAX_REASON = 200;

export function webhookVerdict(gate: Pick<WebhookGate, 'url' | 'onFailure'>, answer: WebhookAnswer): WebhookVerdict {
  const said = (outcome: StepGateOutcome, what: string) => ({ outcome, why: `webhook ${gate.url}: ${what}` });
  const failed = (problem: string) => said(gate.onFailure, `${gate.onFailure} (${problem})`);
  switch (answer.kind) {
    case 'timeout':
      return failed(`timeout ${formatSeconds(answer.afterMs)}`);
    case 'unreachable':
      return failed(`unreachable: ${answer.message}`);
    case 'response': {
      const { status } = answer;
      if (status < 200 || status > 299) return failed(`HTTP ${status}`);
      if (!answer.body) return failed(`HTTP ${status}, body not JSON`);
      const json = answer.body.json;
      const pass = isObject(json) ? json.pass : undefined;
      if (typeof pass !== 'boolean') return failed(`HTTP ${status} without a boolean "pass"`);
      const reason = isObject(json) ? reasonOf(json.reason) : undefined;
      const because = reason ? `: ${reason}` : '';
      return pass ? said('pass', `pass${because}`) : said('rollback', `pass: false${because}`);
    }
  }
}

/** After a hold, the next ask waits 10 s, then twice as long each time, up to 5 min. */
export function retryDelayMs(attempts: number): number {
  return Math.min(10_000 * 2 ** Math.max(0, attempts - 1), 300_000);
}

export function formatSeconds(ms: number): string {
  return `${Number((ms / 1_000).toFixed(1))} s`;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function reasonOf(v: unknown): string | undefined {
  if (typeof v !== 'string') return undefined;
  // One printable line: the reason is shown inside status and history lines, on a terminal.
  const line = v.replace(/[\s\p{Cc}]+/gu, ' ').trim();
  // An empty line is falsy: the caller shows no reason.
  return line.length > MAX_REASON ? `${line.slice(0, MAX_REASON - 1)}…` : line;
}
