// The fetch webhook adapter against a real HTTP server on port 0: what it sends, and each kind of
// answer it reports (it never throws). The timeout is a signal the test aborts, not a wait.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { FetchWebhookCaller, MAX_ANSWER_BYTES } from '../../src/adapters/fetch-webhook-caller.ts';

interface Received {
  readonly method: string;
  readonly headers: IncomingMessage['headers'];
  readonly body: string;
}

const servers: Server[] = [];

async function serve(answer: (req: IncomingMessage, res: ServerResponse) => void) {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => {
      body += chunk.toString('utf8');
    });
    req.on('end', () => {
      received.push({ method: req.method!, headers: req.headers, body });
      answer(req, res);
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/gate`, received };
}

afterEach(async () => {
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    await new Promise((resolve) => s.close(resolve));
  }
});

const caller = new FetchWebhookCaller();
const body = { apiVersion: 'mlrelease/webhook/v1', model: 'fraud', step: 1 };

describe('FetchWebhookCaller', () => {
  it('POSTs the body as JSON and reports a 2xx with its parsed answer', async () => {
    const { url, received } = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"pass":true,"reason":"ok"}');
    });

    const answer = await caller.post({ url, body, timeoutMs: 5_000 });

    expect(answer).toEqual({ kind: 'response', status: 200, body: { json: { pass: true, reason: 'ok' } } });
    expect(received).toHaveLength(1);
    expect(received[0]!.method).toBe('POST');
    expect(received[0]!.headers['content-type']).toBe('application/json');
    expect(received[0]!.headers['user-agent']).toBe('mlrelease-controller');
    expect(JSON.parse(received[0]!.body)).toEqual(body);
  });

  it('reports a 5xx with a body that is not JSON as such', async () => {
    const { url } = await serve((_req, res) => res.writeHead(503).end('<html>Service Unavailable</html>'));

    expect(await caller.post({ url, body, timeoutMs: 5_000 })).toEqual({ kind: 'response', status: 503 });
  });

  it('does not follow a redirect', async () => {
    const elsewhere = await serve((_req, res) => res.writeHead(200).end('{"pass":true}'));
    const { url } = await serve((_req, res) => res.writeHead(307, { location: elsewhere.url }).end());

    expect(await caller.post({ url, body, timeoutMs: 5_000 })).toEqual({ kind: 'response', status: 307 });
    expect(elsewhere.received).toHaveLength(0);
  });

  it('reads no more than 64 KiB of an answer', async () => {
    const huge = JSON.stringify({ pass: true, pad: 'x'.repeat(MAX_ANSWER_BYTES) });
    const { url } = await serve((_req, res) => res.writeHead(200).end(huge));

    expect(await caller.post({ url, body, timeoutMs: 5_000 })).toEqual({ kind: 'response', status: 200 });
  });

  it('reports a timeout when its signal ends the request, however long the server would take', async () => {
    const timer = new AbortController();
    const { url } = await serve(() => timer.abort()); // never answers
    const timing = new FetchWebhookCaller({ timeoutSignal: () => timer.signal });

    expect(await timing.post({ url, body, timeoutMs: 10_000 })).toEqual({ kind: 'timeout', afterMs: 10_000 });
  });

  it('reports a timeout that ends while the answer is being read', async () => {
    const timer = new AbortController();
    const { url } = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"pass":');
      timer.abort(); // the rest never comes
    });
    const timing = new FetchWebhookCaller({ timeoutSignal: () => timer.signal });

    expect(await timing.post({ url, body, timeoutMs: 2_000 })).toEqual({ kind: 'timeout', afterMs: 2_000 });
  });

  it('reports a refused connection as unreachable, naming why', async () => {
    const { url } = await serve(() => undefined);
    const closed = servers.pop()!;
    await new Promise((resolve) => closed.close(resolve));

    const answer = await caller.post({ url, body, timeoutMs: 5_000 });

    expect(answer.kind).toBe('unreachable');
    expect(answer.kind === 'unreachable' && answer.message).toMatch(/ECONNREFUSED/);
  });
});
