// models.yaml's step gates: webhooks asked, and a person's approval, before a step's traffic
// change or the promotion. The readers check each field where it is written; stepGatesOf fills in
// the defaults and checks the list as a whole.
import { isScalar } from 'yaml';
import type { FieldPath } from './issues.ts';
import type { ManualGate, StepGateOn, WebhookGate } from './types.ts';
import { parseDuration } from './units.ts';
import { describeNode, list, type ObjectRead, object, oneOf, type ReadContext, type Reader } from './yaml-reader.ts';

export const STEP_GATE_ON = ['step', 'promote'] as const satisfies readonly StepGateOn[];
export const WEBHOOK_ON_FAILURE = ['hold', 'rollback'] as const satisfies readonly WebhookGate['onFailure'][];

/** Where models.yaml names none: the answer must come quickly, or the step holds and asks again. */
export const DEFAULT_WEBHOOK_TIMEOUT_MS = 10_000;
/**
 * The longest a controller tick waits for one webhook. The controller Lambda has 60 s for a whole
 * tick (inference-stack's release-controller.ts), so an answer it waits for must leave room for the rest.
 */
export const MAX_WEBHOOK_TIMEOUT_MS = 30_000;
/** Where models.yaml names none: a service that cannot answer has said nothing against the release. */
export const DEFAULT_WEBHOOK_ON_FAILURE = 'hold' satisfies WebhookGate['onFailure'];
export const DEFAULT_STEP_GATE_ON = 'step' satisfies StepGateOn;

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/** The webhook's URL: https, or plain http to this machine only (a local service while trying things). */
export const webhookUrl: Reader<string> = (node, path, ctx) => {
  const value = isScalar(node) ? node.value : undefined;
  const problem = typeof value === 'string' ? urlProblem(value) : 'expected an https:// URL';
  if (problem) {
    ctx.report(node, path, problem);
    return undefined;
  }
  return value as string;
};

function urlProblem(text: string): string | undefined {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return `expected an https:// URL, got "${text}"`;
  }
  if (url.protocol === 'http:' && !LOOPBACK_HOSTS.has(url.hostname))
    return `http:// is allowed only for localhost and 127.0.0.1 (local use); use https:// for ${url.hostname}`;
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return `expected an https:// URL, got "${text}"`;
  // The URL is shown in status, history and events: a password in it would be shown too.
  if (url.username || url.password) return 'must not carry a user name or password (status and history show the URL)';
  return undefined;
}

const timeout: Reader<number> = (node, path, ctx) => {
  const value = isScalar(node) && typeof node.value === 'string' ? parseDuration(node.value) : undefined;
  if (value === undefined || value < 1_000 || value > MAX_WEBHOOK_TIMEOUT_MS) {
    ctx.report(
      node,
      path,
      `expected a duration from 1s to ${MAX_WEBHOOK_TIMEOUT_MS / 1_000}s, got ${describeNode(node)}`,
    );
    return undefined;
  }
  return value;
};

const webhook = object({
  url: { read: webhookUrl, required: true },
  timeout: { read: timeout },
  on: { read: oneOf(STEP_GATE_ON) },
  onFailure: { read: oneOf(WEBHOOK_ON_FAILURE) },
});

/** The schema entries of `gates` for the step gates. */
export const stepGateFields = {
  webhooks: { read: list(webhook, 1) },
  manual: { read: object({ on: { read: oneOf(STEP_GATE_ON) } }) },
};

type WebhookRead = NonNullable<ReturnType<typeof webhook>>;
type ManualRead = ObjectRead<{ on: { read: Reader<StepGateOn> } }>;

export interface StepGatesRead {
  readonly webhooks?: readonly WebhookRead[];
  readonly manual?: ManualRead;
}

/** The step gates of one gates block, with their defaults; undefined when one of them is invalid. */
export function stepGatesOf(
  read: StepGatesRead,
  gatesPath: FieldPath,
  ctx: ReadContext,
): { webhooks?: WebhookGate[]; manual?: ManualGate } | undefined {
  let ok = true;
  const seen = new Set<string>();
  const webhooks = read.webhooks?.map((w, index): WebhookGate => {
    const url = w.value.url!;
    // Answers are recorded per URL: one service listed twice would be asked once.
    if (seen.has(url)) {
      ok = false;
      ctx.report(w.nodes.url, [...gatesPath, 'webhooks', index, 'url'], 'is listed twice');
    }
    seen.add(url);
    return {
      url,
      timeoutMs: w.value.timeout ?? DEFAULT_WEBHOOK_TIMEOUT_MS,
      on: w.value.on ?? DEFAULT_STEP_GATE_ON,
      onFailure: w.value.onFailure ?? DEFAULT_WEBHOOK_ON_FAILURE,
    };
  });
  if (!ok) return undefined;
  return {
    ...(webhooks ? { webhooks } : {}),
    ...(read.manual ? { manual: { on: read.manual.value.on ?? DEFAULT_STEP_GATE_ON } } : {}),
  };
}
