// The webhook step gate's port: POST a JSON body to a URL and say what came back. It never throws:
// every way of not answering (timeout, refused connection, DNS) is an answer the gate judges.

export interface WebhookRequest {
  readonly url: string;
  readonly body: unknown;
  /** Give up after this long; the answer is then a timeout. */
  readonly timeoutMs: number;
}

export type WebhookAnswer =
  | {
      readonly kind: 'response';
      readonly status: number;
      /** The parsed body; absent when it was not JSON (or too large to read). */
      readonly body?: { readonly json: unknown };
    }
  | { readonly kind: 'timeout'; readonly afterMs: number }
  | { readonly kind: 'unreachable'; readonly message: string };

export interface WebhookCaller {
  post(request: WebhookRequest): Promise<WebhookAnswer>;
}
