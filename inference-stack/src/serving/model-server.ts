// The serving container: SageMaker's multi-model container contract over node:http.
//   GET /ping | POST /models {model_name, url} | GET /models | GET /models/{name}
//   DELETE /models/{name} | POST /models/{name}/invoke
// 409 when a name is loaded already, 507 when a load would exceed the memory cap (SageMaker then
// unloads an unused model and retries), 404 for a name that is not loaded. Inference runs in the
// inference process, so a long session.run never stalls /ping; a model past its deadline answers
// 504 ModelTimeout, and a call lost when that process died answers 503 (retry).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  type InferenceProcess,
  InferenceRestartedError,
  InferenceStoppedError,
  InferenceTimeoutError,
} from './inference-process.ts';
import {
  decodeInvokeRequest,
  encodeInvokeResponse,
  INVOKE_CONTENT_TYPE,
  InvalidInvokeBodyError,
} from './invoke-body.ts';
import { findModelFile, readSignature } from './model-files.ts';

/** SageMaker's InvokeEndpoint payload limit. */
export const MAX_BODY_BYTES = 6 * 2 ** 20;
const PAGE_SIZE = 100;

interface ModelEntry {
  readonly url: string;
  readonly loaded: Promise<{ loadMs: number }>;
  signature?: unknown;
}

export interface ModelServer {
  readonly port: number;
  close(): Promise<void>;
}

export async function startModelServer(options: {
  readonly inference: Pick<InferenceProcess, 'load' | 'unload' | 'invoke'>;
  readonly port: number;
  readonly host: string;
  readonly log?: (line: string) => void;
}): Promise<ModelServer> {
  const models = new Map<string, ModelEntry>();
  const log = options.log ?? (() => {});
  const send = (res: ServerResponse, status: number, body: unknown) => {
    const text = typeof body === 'string' ? body : JSON.stringify(body);
    res.writeHead(status, { 'content-type': INVOKE_CONTENT_TYPE, 'content-length': Buffer.byteLength(text) });
    res.end(text);
  };
  const fail = (res: ServerResponse, status: number, code: string, message: string) =>
    send(res, status, { error: { code, message } });

  async function load(res: ServerResponse, text: string) {
    let name: unknown;
    let url: unknown;
    try {
      ({ model_name: name, url } = JSON.parse(text) as Record<string, unknown>);
    } catch {}
    if (typeof name !== 'string' || !name || typeof url !== 'string' || !url)
      return fail(res, 400, 'BadRequest', 'body must be {"model_name": string, "url": string}');
    if (models.has(name)) return fail(res, 409, 'Conflict', `${name} is already loaded`);
    const loaded = findModelFile(url).then((file) => options.inference.load(name, file));
    const entry: ModelEntry = { url, loaded };
    models.set(name, entry);
    try {
      const { loadMs } = await loaded;
      entry.signature = await readSignature(url);
      log(`loaded ${name} from ${url} in ${loadMs.toFixed(1)} ms`);
      send(res, 200, { message: `${name} loaded`, loadMs });
    } catch (error) {
      models.delete(name);
      const e = error as Error;
      if (e.name === 'InsufficientMemoryError') return fail(res, 507, 'InsufficientMemory', e.message);
      fail(res, 500, 'ModelLoadError', e.message);
    }
  }

  async function invoke(res: ServerResponse, name: string, text: string, target: string | undefined) {
    const entry = models.get(name);
    if (!entry) return fail(res, 404, 'ModelNotLoaded', `${name} is not loaded`);
    let inputs: ReturnType<typeof decodeInvokeRequest>;
    try {
      await entry.loaded;
      inputs = decodeInvokeRequest(text);
    } catch (error) {
      if (error instanceof InvalidInvokeBodyError) return fail(res, 400, 'InvalidInput', error.message);
      return fail(res, 404, 'ModelNotLoaded', `${name} is not loaded`);
    }
    try {
      const invocation = await options.inference.invoke(name, inputs);
      res.setHeader('x-inference-ms', invocation.inferenceMs.toFixed(3));
      send(res, 200, encodeInvokeResponse(invocation.outputs));
    } catch (error) {
      if (error instanceof InferenceTimeoutError) return fail(res, 504, 'ModelTimeout', error.message);
      if (error instanceof InferenceRestartedError || error instanceof InferenceStoppedError)
        return fail(res, 503, 'InferenceRestarted', error.message);
      // Crossed the process boundary by name: the inputs do not fit the model (a caller's mistake).
      if ((error as Error).name === 'ModelInputError')
        return fail(res, 400, 'InvalidInput', `${target ?? name}: ${(error as Error).message}`);
      fail(res, 500, 'ModelError', `${target ?? name}: ${(error as Error).message}`);
    }
  }

  async function route(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? '/', 'http://container');
    const method = req.method ?? 'GET';
    const path = url.pathname;
    const named = /^\/models\/([^/]+)(\/invoke)?$/.exec(path);
    const name = named ? decodeURIComponent(named[1]!) : '';
    if (method === 'GET' && path === '/ping') return send(res, 200, { status: 'healthy' });
    if (path === '/models' && method === 'POST') return load(res, await readText(req));
    if (path === '/models' && method === 'GET') {
      const from = Number(url.searchParams.get('next_page_token') ?? 0) || 0;
      const all = [...models].map(([modelName, e]) => ({ modelName, modelUrl: e.url }));
      const page = all.slice(from, from + PAGE_SIZE);
      return send(res, 200, {
        models: page,
        ...(from + PAGE_SIZE < all.length ? { nextPageToken: String(from + PAGE_SIZE) } : {}),
      });
    }
    if (named && !named[2] && method === 'GET') {
      const entry = models.get(name);
      if (!entry) return fail(res, 404, 'ModelNotLoaded', `${name} is not loaded`);
      return send(res, 200, {
        modelName: name,
        modelUrl: entry.url,
        ...(entry.signature ? { signature: entry.signature } : {}),
      });
    }
    if (named && !named[2] && method === 'DELETE') {
      const entry = models.get(name);
      if (!entry) return fail(res, 404, 'ModelNotLoaded', `${name} is not loaded`);
      await entry.loaded.catch(() => undefined);
      models.delete(name);
      await options.inference.unload(name);
      log(`unloaded ${name}`);
      return send(res, 200, { message: `${name} unloaded` });
    }
    if (named?.[2] && method === 'POST') {
      const target = req.headers['x-amzn-sagemaker-target-model'];
      return invoke(res, name, await readText(req), typeof target === 'string' ? target : undefined);
    }
    req.resume();
    fail(res, 404, 'NotFound', `no route ${method} ${path}`);
  }

  const server: Server = createServer((req, res) => {
    route(req, res).catch((error: Error) => {
      if (error instanceof BodyTooLargeError) return fail(res, 413, 'PayloadTooLarge', error.message);
      log(`request failed: ${error.message}`);
      if (!res.headersSent) fail(res, 500, 'InternalError', error.message);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      }),
  };
}

class BodyTooLargeError extends Error {
  override readonly name = 'BodyTooLargeError';
}

async function readText(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.byteLength;
    if (size > MAX_BODY_BYTES) throw new BodyTooLargeError(`body exceeds ${MAX_BODY_BYTES} bytes`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}
