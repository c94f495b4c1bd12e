// Reads a request body up to a limit; beyond it the rest is discarded (not buffered) so a 413 can
// still be sent on the same connection.
import type { IncomingMessage } from 'node:http';

export type BodyRead = { readonly ok: true; readonly body: string } | { readonly ok: false };

export function readBody(req: IncomingMessage, maxBytes: number): Promise<BodyRead> {
  const declared = Number(req.headers['content-length'] ?? Number.NaN);
  if (Number.isFinite(declared) && declared > maxBytes) {
    req.resume();
    return Promise.resolve({ ok: false });
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.byteLength;
      if (size <= maxBytes) chunks.push(chunk);
    });
    req.on('end', () =>
      resolve(size > maxBytes ? { ok: false } : { ok: true, body: Buffer.concat(chunks).toString('utf8') }),
    );
    req.on('error', reject);
  });
}
