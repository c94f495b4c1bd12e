// Local multi-model host with MME-like behaviour: loads a model by TargetModel on first use from the
// artifact store, keeps sessions in an LRU under a memory cap, coalesces concurrent loads of the same
// model, and reports load time apart from inference time.
import * as ort from 'onnxruntime-node';
import type { ArtifactStore } from '../../../../model-registry/src/ports/artifact-store.ts';
import type { NamedTensors } from '../../domain/tensors/tensor.ts';
import { type Invocation, type ModelHost, ModelInputError, ModelInvocationError } from '../../ports/model-host.ts';
import { fromOrtOutputs, toOrtFeeds } from './ort-tensors.ts';

export interface OnnxRuntimeModelHostOptions {
  readonly artifacts: Pick<ArtifactStore, 'get'>;
  /** Sum of loaded artifact sizes kept resident; least recently used models are unloaded beyond it. @default 512 MiB */
  readonly memoryCapBytes?: number;
  /** Monotonic ms. @default performance.now */
  readonly now?: () => number;
  /**
   * Beyond the cap: 'evict' unloads least recently used models itself; 'refuse' throws
   * InsufficientMemoryError and leaves unloading to the caller (the MME contract's 507).
   * @default 'evict'
   */
  readonly whenFull?: 'evict' | 'refuse';
}

/** Loading this model would exceed the memory cap (the serving container answers 507). */
export class InsufficientMemoryError extends Error {
  override readonly name = 'InsufficientMemoryError';
  constructor(
    readonly targetModel: string,
    readonly neededBytes: number,
    readonly freeBytes: number,
  ) {
    super(`${targetModel}: needs ${neededBytes} bytes, ${freeBytes} free under the memory cap`);
  }
}

interface Loaded {
  readonly session: ort.InferenceSession;
  readonly bytes: number;
  inflight: number;
}

export class OnnxRuntimeModelHost implements ModelHost {
  private readonly loaded = new Map<string, Loaded>();
  private readonly loading = new Map<string, Promise<Loaded>>();
  private readonly capBytes: number;
  private reservedBytes = 0;
  private readonly now: () => number;

  constructor(private readonly options: OnnxRuntimeModelHostOptions) {
    this.capBytes = options.memoryCapBytes ?? 512 * 2 ** 20;
    this.now = options.now ?? (() => performance.now());
  }

  async invoke(targetModel: string, inputs: NamedTensors): Promise<Invocation> {
    const { entry, loadMs } = await this.acquire(targetModel);
    // ORT's own message for a missing feed names no field; say which, before it runs.
    const misfit = inputMisfit(entry.session.inputNames, inputs);
    if (misfit) throw new ModelInputError(targetModel, misfit);
    entry.inflight++;
    const started = this.now();
    try {
      const results = await entry.session.run(toOrtFeeds(inputs));
      return { outputs: fromOrtOutputs(results), inferenceMs: this.now() - started, loadMs };
    } catch (error) {
      throw new ModelInvocationError(targetModel, firstLine(error), { cause: error });
    } finally {
      entry.inflight--;
    }
  }

  async warm(targetModel: string): Promise<{ readonly loadMs: number; readonly alreadyLoaded: boolean }> {
    const alreadyLoaded = this.loaded.has(targetModel);
    const { loadMs } = await this.acquire(targetModel);
    return { loadMs, alreadyLoaded };
  }

  /** Releases a loaded model; false if it was not loaded. A load in progress completes first. */
  async unload(targetModel: string): Promise<boolean> {
    await this.loading.get(targetModel)?.catch(() => undefined);
    const entry = this.loaded.get(targetModel);
    if (!entry) return false;
    this.loaded.delete(targetModel);
    await entry.session.release();
    return true;
  }

  /** Resident models, least recently used first. */
  resident(): { targetModel: string; bytes: number }[] {
    return [...this.loaded].map(([targetModel, entry]) => ({ targetModel, bytes: entry.bytes }));
  }

  async close(): Promise<void> {
    await Promise.allSettled([...this.loading.values()]);
    const entries = [...this.loaded.values()];
    this.loaded.clear();
    await Promise.allSettled(entries.map((e) => e.session.release()));
  }

  private async acquire(targetModel: string): Promise<{ entry: Loaded; loadMs: number }> {
    const hit = this.loaded.get(targetModel);
    if (hit) {
      // Re-insert to mark as most recently used (Map keeps insertion order).
      this.loaded.delete(targetModel);
      this.loaded.set(targetModel, hit);
      return { entry: hit, loadMs: 0 };
    }
    const started = this.now();
    let pending = this.loading.get(targetModel);
    if (!pending) {
      pending = this.load(targetModel).finally(() => this.loading.delete(targetModel));
      this.loading.set(targetModel, pending);
    }
    const entry = await pending;
    return { entry, loadMs: this.now() - started };
  }

  private async load(targetModel: string): Promise<Loaded> {
    // A failing artifact read may be transient and propagates as is; bytes that do not load are a model error.
    const bytes = await this.options.artifacts.get(targetModel);
    if (this.options.whenFull === 'refuse') {
      // Loads in progress count too, so two concurrent loads cannot both take the last free bytes.
      const used = [...this.loaded.values()].reduce((sum, e) => sum + e.bytes, 0) + this.reservedBytes;
      const free = this.capBytes - used;
      if (bytes.byteLength > free) throw new InsufficientMemoryError(targetModel, bytes.byteLength, free);
    }
    let session: ort.InferenceSession;
    this.reservedBytes += bytes.byteLength;
    try {
      // Fatal only: model errors are reported through ModelInvocationError, not ORT's stderr log.
      session = await ort.InferenceSession.create(bytes, { logSeverityLevel: 4 });
    } catch (error) {
      throw new ModelInvocationError(targetModel, `cannot load model: ${firstLine(error)}`, { cause: error });
    } finally {
      this.reservedBytes -= bytes.byteLength;
    }
    const entry: Loaded = { session, bytes: bytes.byteLength, inflight: 0 };
    this.loaded.set(targetModel, entry);
    await this.evictBeyondCap(targetModel);
    return entry;
  }

  private async evictBeyondCap(keep: string): Promise<void> {
    let total = [...this.loaded.values()].reduce((sum, e) => sum + e.bytes, 0);
    for (const [key, entry] of this.loaded) {
      if (total <= this.capBytes) break;
      // A model serving a request right now stays; it becomes evictable on a later load.
      if (key === keep || entry.inflight > 0) continue;
      this.loaded.delete(key);
      total -= entry.bytes;
      await entry.session.release();
    }
  }
}

function firstLine(error: unknown): string {
  return String(error instanceof Error ? error.message : error).split('\n')[0] ?? 'unknown error';
}

/** Every input the model takes that is absent, and every one given that it does not take, by field path. */
function inputMisfit(names: readonly string[], inputs: NamedTensors): string | undefined {
  const problems = [
    ...names.filter((n) => !Object.hasOwn(inputs, n)).map((n) => `inputs.${n}: is required`),
    ...Object.keys(inputs)
      .filter((n) => !names.includes(n))
      .map((n) => `inputs.${n}: the model has no such input`),
  ];
  return problems.length > 0 ? `${problems.join('; ')} (the model takes ${names.join(', ')})` : undefined;
}
