// The webhook port on Node's fetch, the same on both planes (the controller Lambda has internet
// egress; locally the platform's process). Bounded: a timeout aborts the request and the body read,
// redirects are not followed (an https gate must not be bounced elsewhere), and at most 64 KiB of
// the answer is read.
import type { WebhookAnswer, WebhookCaller, WebhookRequest } from '../ports/webhook.ts';

export const MAX_ANSWER_BYTES = 64 * 1024;

export interface FetchWebhookCallerOptions {
  /** @default globalThis.fetch */
  readonly fetch?: typeof fetch;
  /** The signal that ends a request after `ms`. Tests abort one by hand. @default AbortSignal.timeout */
  readonly timeoutSignal?: (ms: number) => AbortSignal;
  /** @default 'mlrelease-controller' */
  readonly userAgent?: string;
}

export class FetchWebhookCaller implements WebhookCaller {
  private readonly fetch: typeof fetch;
  private readonly timeoutSignal: (ms: number) => AbortSignal;
  private readonly userAgent: string;

  constructor(options: FetchWebhookCallerOptions = {}) {
    this.fetch = options.fetch ?? globalThis.fetch;
    this.timeoutSignal = options.timeoutSignal ?? ((ms) => AbortSignal.timeout(ms));
    this.userAgent = options.userAgent ?? 'mlrelease-controller';
  }

  async post({ url, body, timeoutMs }: WebhookRequest): Promise<WebhookAnswer> {
    const signal = this.timeoutSignal(timeoutMs);
    try {
      const response = await this.fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json', 'user-agent': this.userAgent },
        body: JSON.stringify(body),
        redirect: 'manual',
        signal,
      });
      const text = await readLimited(response);
      const json = text === undefined ? undefined : parseJson(text);
      return { kind: 'response', status: response.status, ...(json ? { body: json } : {}) };
    } catch (error) {
      if (signal.aborted) return { kind: 'timeout', afterMs: timeoutMs };
      return { kind: 'unreachable', message: describe(error) };
    }
  }
}

/** The body as text, or undefined when it is larger than MAX_ANSWER_BYTES. */
async function readLimited(response: Response): Promise<string | undefined> {
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_ANSWER_BYTES) {
      await reader.cancel().catch(() => undefined);
      return undefined;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function parseJson(text: string): { json: unknown } | undefined {
  try {
    return { json: JSON.parse(text) as unknown };
  } catch {
    return undefined;
  }
}

/** fetch says only "fetch failed"; the cause names the real problem (ECONNREFUSED, ENOTFOUND...). */
function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause;
  if (cause instanceof Error) {
    const code = (cause as { code?: unknown }).code;
    return typeof code === 'string' && !cause.message.includes(code) ? `${code}: ${cause.message}` : cause.message;
  }
  return error.message;
}
