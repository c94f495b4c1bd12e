// A raw HTTP client over keep-alive sockets: any method, path, headers and body, with the answer
// read in full. Unlike fetch it sends exactly what the fuzzer made (no normalisation).
import { Agent, request } from 'node:http';

export interface RawRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string | Buffer;
}

export interface RawResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly text: string;
}

export class KeepAliveClient {
  private readonly agent: Agent;
  /** Sockets opened, to show the connections were reused. */
  sockets = 0;

  constructor(
    private readonly baseUrl: string,
    options: { maxSockets?: number } = {},
  ) {
    this.agent = new Agent({ keepAlive: true, maxSockets: options.maxSockets ?? 4 });
  }

  send(raw: RawRequest): Promise<RawResponse> {
    const url = new URL(this.baseUrl);
    // Framed like any real client: without a length, a GET body would be read as the next request.
    const headers =
      raw.body === undefined ? raw.headers : { ...raw.headers, 'content-length': String(Buffer.byteLength(raw.body)) };
    return new Promise((resolve, reject) => {
      const req = request(
        { host: url.hostname, port: url.port, method: raw.method, path: raw.path, headers, agent: this.agent },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () =>
            resolve({
              status: res.statusCode ?? 0,
              headers: res.headers,
              text: Buffer.concat(chunks).toString('utf8'),
            }),
          );
          res.on('error', reject);
        },
      );
      req.on('socket', (socket) => {
        if (!(socket as { counted?: boolean }).counted) {
          (socket as { counted?: boolean }).counted = true;
          this.sockets++;
        }
      });
      req.on('error', reject);
      req.end(raw.body);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}
