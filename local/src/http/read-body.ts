// Reads a request body up to a limit. Past it, reading stops at once and the caller answers 413
// with \`connection: close\`: a body that keeps coming (chunked, without end) is never read to its end.
import type { IncomingMessage } from 'node:http';

export type BodyRead = { readonly ok: true; readonly body: string } | { readonly ok: false };

export function readBody(req: IncomingMessage, maxBytes: number): Promise<BodyRead> {
  const declared = Number(req.headers['content-length'] ?? Number.NaN);
  if (Number.isFinite(declared) && declared > maxBytes) return Promise.resolve({ ok: false });
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.byteLength;
      if (size <= maxBytes) return void chunks.push(chunk);
      req.pause();
      req.off('data', onData);
      resolve({ ok: false });
    };
    req.on('data', onData);
    req.on('end', () => resolve({ ok: true, body: Buffer.concat(chunks).toString('utf8') }));
    req.on('error', reject);
  });
}
