// The HTTP thread's handle on the inference thread: request/reply by id. If the thread dies every
// pending call fails and `onExit` fires: the container then exits so its supervisor restarts it.
import { Worker } from 'node:worker_threads';
import type { NamedTensors } from '../domain/tensors/tensor.ts';
import type { Invocation } from '../ports/model-host.ts';
import type { InferenceReply, InferenceRequest } from './inference-protocol.ts';

/** A failure reported by the inference thread, keeping the original error's name. */
export class InferenceError extends Error {
  constructor(
    override readonly name: string,
    message: string,
  ) {
    super(message);
  }
}

export class InferenceThreadExitedError extends Error {
  override readonly name = 'InferenceThreadExitedError';
}

type Pending = { resolve: (value: never) => void; reject: (error: Error) => void };
// Distributive Omit, so each op keeps its own fields.
type RequestBody<T = InferenceRequest> = T extends unknown ? Omit<T, 'id'> : never;

export class InferenceThread {
  private readonly worker: Worker;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private exited: Error | undefined;

  constructor(options: { readonly memoryCapBytes: number; readonly onExit?: (error: Error) => void }) {
    this.worker = new Worker(workerEntry(), { workerData: { memoryCapBytes: options.memoryCapBytes } });
    this.worker.on('message', (reply: InferenceReply) => {
      const call = this.pending.get(reply.id);
      this.pending.delete(reply.id);
      if (reply.ok) call?.resolve(reply.value as never);
      else call?.reject(new InferenceError(reply.error.name, reply.error.message));
    });
    const fail = (error: Error) => {
      if (this.exited) return;
      this.exited = new InferenceThreadExitedError(`the inference thread stopped: ${error.message}`, { cause: error });
      for (const call of this.pending.values()) call.reject(this.exited);
      this.pending.clear();
      options.onExit?.(this.exited);
    };
    this.worker.on('error', fail);
    this.worker.on('exit', (code) => fail(new Error(`exit code ${code}`)));
  }

  load(name: string, file: string): Promise<{ loadMs: number }> {
    return this.call({ op: 'load', name, file });
  }

  unload(name: string): Promise<{ unloaded: boolean }> {
    return this.call({ op: 'unload', name });
  }

  invoke(name: string, inputs: NamedTensors): Promise<Invocation> {
    return this.call({ op: 'invoke', name, inputs });
  }

  async close(): Promise<void> {
    this.exited ??= new InferenceThreadExitedError('the inference thread was closed');
    await this.worker.terminate();
  }

  private call<T>(request: RequestBody): Promise<T> {
    if (this.exited) return Promise.reject(this.exited);
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (value: never) => void, reject });
      this.worker.postMessage({ ...request, id });
    });
  }
}

// From TypeScript sources (tsx) the thread needs tsx's hooks; the image's bundle ships a .js entry.
function workerEntry(): URL {
  return import.meta.url.endsWith('.ts')
    ? new URL('./inference-worker.bootstrap.mjs', import.meta.url)
    : new URL('./inference-worker.js', import.meta.url);
}
