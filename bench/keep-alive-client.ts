// A small JSON client over node:http with keep-alive, so the benchmark's own cost per request stays
// low (fetch/undici costs several times more CPU per call, which would land on the same 2 cores).
import { Agent, request } from 'node:http';

export interface JsonClient {
  call(method: 'GET' | 'POST', path: string, body?: string): Promise<{ status: number; json: unknown }>;
  close(): void;
}

export function keepAliveClient(baseUrl: string, token: string, maxSockets = 64): JsonClient {
  const agent = new Agent({ keepAlive: true, maxSockets });
  const url = new URL(baseUrl);
  return {
    call: (method, path, body) =>
      new Promise((resolve, reject) => {
        const req = request(
          {
            agent,
            host: url.hostname,
            port: url.port,
            method,
            path,
            headers: {
              authorization: `Bearer ${token}`,
              ...(body !== undefined
                ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }
                : {}),
            },
          },
          (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (chunk: Buffer) => chunks.push(chunk));
            res.on('end', () => {
              try {
                resolve({ status: res.statusCode ?? 0, json: JSON.parse(Buffer.concat(chunks).toString('utf8')) });
              } catch (error) {
                reject(error);
              }
            });
            res.on('error', reject);
          },
        );
        req.on('error', reject);
        req.end(body);
      }),
    close: () => agent.destroy(),
  };
}
