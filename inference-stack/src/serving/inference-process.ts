// The HTTP thread's handle on the inference process: request/reply by id over IPC. Model execution
// runs in its own process because neither a deadline nor a memory ceiling can be enforced on a
// thread: ONNX Runtime's session.run is synchronous native code (a hung model never yields), and its
// arena is malloc'd outside V8's heap (--max-old-space-size and resourceLimits do not bound it).
// - Memory ceiling: the process runs under RLIMIT_DATA (`ulimit -d`), so an allocation past it fails
//   inside ONNX Runtime and the call answers an error; if anything dies instead, the process is
//   restarted.
// - Deadline: an invocation still running after `invokeTimeoutMs` fails with InferenceTimeoutError;
//   the process is killed (SIGKILL: nothing else stops native code) and restarted, and the models it
//   had loaded are loaded again before the next call runs. Calls in flight on it at that moment fail
//   with InferenceRestartedError (the caller may retry them; they were not at fault).
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { NamedTensors } from '../domain/tensors/tensor.ts';
import type { Invocation } from '../ports/model-host.ts';
import type { InferenceReply, InferenceRequest } from './inference-protocol.ts';

/** A failure reported by the inference process, keeping the original error's name. */
export class InferenceError extends Error {
  constructor(
    override readonly name: string,
    message: string,
  ) {
    super(message);
  }
}

/** The model ran past its deadline; the process running it was killed. */
export class InferenceTimeoutError extends Error {
  override readonly name = 'InferenceTimeoutError';
}

/** The process died (or was killed for another call) while this call was in it. */
export class InferenceRestartedError extends Error {
  override readonly name = 'InferenceRestartedError';
}

export class InferenceStoppedError extends Error {
  override readonly name = 'InferenceStoppedError';
}

export interface InferenceProcessOptions {
  /** Model bytes kept loaded before a load answers InsufficientMemoryError. */
  readonly memoryCapBytes: number;
  /** RLIMIT_DATA of the inference process: the ceiling on everything it allocates. @default 2 GiB */
  readonly memoryLimitBytes?: number;
  /** Per-invocation deadline. @default 60000 (SageMaker's invocation timeout) */
  readonly invokeTimeoutMs?: number;
  /** Per-load deadline. @default 300000 */
  readonly loadTimeoutMs?: number;
  readonly log?: (line: string) => void;
}

type Pending = {
  readonly resolve: (value: never) => void;
  readonly reject: (error: Error) => void;
  readonly timer: NodeJS.Timeout;
};
// Distributive Omit, so each op keeps its own fields.
type RequestBody<T = InferenceRequest> = T extends unknown ? Omit<T, 'id'> : never;

export class InferenceProcess {
  private child!: ChildProcess;
  private readonly pending = new Map<number, Pending>();
  /** Incarnations already killed and replaced (their exit is expected). */
  private readonly retired = new WeakSet<ChildProcess>();
  /** What is loaded, so a new incarnation can load it again. */
  private readonly loaded = new Map<string, string>();
  /** Resolves when the current incarnation has reloaded its models. */
  private ready: Promise<void> = Promise.resolve();
  private nextId = 1;
  private stopped = false;
  private restarts = 0;
  private readonly log: (line: string) => void;

  constructor(private readonly options: InferenceProcessOptions) {
    this.log = options.log ?? (() => {});
    this.spawnOne();
  }

  /** How many times the process was restarted (killed at a deadline, or died). */
  get restartCount(): number {
    return this.restarts;
  }

  pid(): number | undefined {
    return this.child.pid;
  }

  async load(name: string, file: string): Promise<{ loadMs: number }> {
    await this.ready;
    const value = await this.call<{ loadMs: number }>({ op: 'load', name, file }, this.loadTimeoutMs());
    this.loaded.set(name, file);
    return value;
  }

  async unload(name: string): Promise<{ unloaded: boolean }> {
    this.loaded.delete(name);
    await this.ready;
    return this.call({ op: 'unload', name }, this.loadTimeoutMs());
  }

  async invoke(name: string, inputs: NamedTensors): Promise<Invocation> {
    await this.ready;
    return this.call({ op: 'invoke', name, inputs }, this.options.invokeTimeoutMs ?? 60_000);
  }

  async close(): Promise<void> {
    this.stopped = true;
    this.failAll(new InferenceStoppedError('the inference process was stopped'));
    const child = this.child;
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGKILL');
    await exited;
  }

  private loadTimeoutMs(): number {
    return this.options.loadTimeoutMs ?? 300_000;
  }

  private call<T>(request: RequestBody, timeoutMs: number): Promise<T> {
    if (this.stopped) return Promise.reject(new InferenceStoppedError('the inference process was stopped'));
    const id = this.nextId++;
    const child = this.child;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        if (!this.pending.delete(id)) return;
        const what = request.op === 'invoke' ? 'inference' : request.op;
        reject(new InferenceTimeoutError(`${request.name}: ${what} exceeded its ${timeoutMs} ms deadline`));
        this.replace(child, `${request.name}'s ${what} exceeded ${timeoutMs} ms`);
      }, timeoutMs);
      this.pending.set(id, { resolve: resolve as (value: never) => void, reject, timer });
      child.send({ ...request, id }, (error) => {
        if (!error) return;
        const call = this.pending.get(id);
        if (!call) return;
        this.pending.delete(id);
        clearTimeout(call.timer);
        reject(new InferenceRestartedError(`the inference process could not take the call: ${error.message}`));
      });
    });
  }

  private failAll(error: Error): void {
    for (const call of this.pending.values()) {
      clearTimeout(call.timer);
      call.reject(error);
    }
    this.pending.clear();
  }

  private spawnOne(): void {
    const limitKb = Math.ceil((this.options.memoryLimitBytes ?? 2 * 2 ** 30) / 1024);
    const [entry, ...nodeArgs] = workerEntry();
    // `ulimit -d` sets RLIMIT_DATA, which counts every private writable mapping (malloc, arenas),
    // then exec keeps the IPC channel's fd.
    const child = spawn(
      '/bin/sh',
      ['-c', 'ulimit -d "$1" && shift && exec "$@"', 'sh', String(limitKb), process.execPath, ...nodeArgs, entry!],
      {
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
        serialization: 'advanced',
        env: { ...process.env, INFERENCE_MEMORY_CAP_BYTES: String(this.options.memoryCapBytes) },
      },
    );
    this.child = child;
    child.on('message', (reply: InferenceReply) => {
      const call = this.pending.get(reply.id);
      if (!call) return;
      this.pending.delete(reply.id);
      clearTimeout(call.timer);
      if (reply.ok) call.resolve(reply.value as never);
      else call.reject(new InferenceError(reply.error.name, reply.error.message));
    });
    child.on('error', (error) => this.log(`inference process: ${error.message}`));
    child.once('exit', (code, signal) => {
      this.replace(child, `it exited with ${signal ? `signal ${signal}` : `code ${code}`}`);
    });
  }

  // Kills (SIGKILL: nothing else stops native code) and replaces an incarnation at once, so calls
  // from now on wait for the next one rather than reach the dying one.
  private replace(child: ChildProcess, why: string): void {
    if (child !== this.child || this.retired.has(child) || this.stopped) return;
    this.retired.add(child);
    this.failAll(new InferenceRestartedError(`the inference process (pid ${child.pid}) was restarted: ${why}`));
    child.kill('SIGKILL');
    this.restarts++;
    this.log(`inference process (pid ${child.pid}) restarted: ${why}`);
    // A process that keeps dying at start is restarted with backoff, up to 5 s apart.
    const delayMs = this.restarts > 3 ? Math.min(5_000, 50 * 2 ** Math.min(7, this.restarts - 3)) : 0;
    this.ready = new Promise<void>((resolve) => setTimeout(resolve, delayMs)).then(() => {
      if (this.stopped) return;
      this.spawnOne();
      return this.reload();
    });
    this.ready.catch(() => {});
  }

  // Models the previous incarnation had are loaded again; one that no longer loads is dropped
  // (its next invoke answers "not loaded" and the endpoint loads it again).
  private async reload(): Promise<void> {
    for (const [name, file] of [...this.loaded]) {
      try {
        await this.call({ op: 'load', name, file }, this.loadTimeoutMs());
      } catch (error) {
        this.loaded.delete(name);
        this.log(`could not reload ${name} after a restart: ${(error as Error).message}`);
      }
    }
  }
}

// From TypeScript sources the process needs tsx; the image's bundle ships a .js entry.
function workerEntry(): string[] {
  return import.meta.url.endsWith('.ts')
    ? [fileURLToPath(new URL('./inference-worker.ts', import.meta.url)), '--import', 'tsx']
    : [fileURLToPath(new URL('./inference-worker.js', import.meta.url))];
}
