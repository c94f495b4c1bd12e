// HTTP calls from the local "SageMaker" to the serving container, through the multi-model contract.
// Keep-alive connections; a refused or reset connection is ContainerUnavailableError (the process
// may be restarting), distinct from an answer the container gave.
import { Agent, request } from 'node:http';
import { INVOKE_CONTENT_TYPE } from '../../../inference-stack/src/serving/invoke-body.ts';

export class ContainerUnavailableError extends Error {
  override readonly name = 'ContainerUnavailableError';
}

export class ContainerTimeoutError extends Error {
  override readonly name = 'ContainerTimeoutError';
}

export interface ContainerAnswer {
  readonly status: number;
  readonly text: string;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
}

const agent = new Agent({ keepAlive: true, maxSockets: 64 });

export function callContainer(
  baseUrl: string,
  method: 'GET' | 'POST' | 'DELETE',
  path: string,
  options: { body?: string; headers?: Record<string, string>; timeoutMs: number },
): Promise<ContainerAnswer> {
  return new Promise<ContainerAnswer>((resolve, reject) => {
    const req = request(
      `${baseUrl}${path}`,
      {
        method,
        agent,
        headers: {
          ...(options.body !== undefined
            ? { 'content-type': INVOKE_CONTENT_TYPE, 'content-length': Buffer.byteLength(options.body) }
            : {}),
          ...options.headers,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8'), headers: res.headers }),
        );
        res.on('error', (error) => reject(new ContainerUnavailableError(error.message, { cause: error })));
      },
    );
    req.setTimeout(options.timeoutMs, () =>
      req.destroy(new ContainerTimeoutError(`${method} ${path} took longer than ${options.timeoutMs} ms`)),
    );
    req.on('error', (error) =>
      reject(
        error instanceof ContainerTimeoutError ? error : new ContainerUnavailableError(error.message, { cause: error }),
      ),
    );
    req.end(options.body);
  });
}

/** The `error.message` of a container's JSON error body, or the raw text. */
export function containerMessage(answer: ContainerAnswer): string {
  try {
    return (JSON.parse(answer.text) as { error?: { message?: string } }).error?.message ?? answer.text;
  } catch {
    return answer.text;
  }
}
