// The local stand-in for a SageMaker multi-model endpoint: a ModelHost that does what SageMaker does
// in front of the serving container. It maps a TargetModel to an opaque model_name, unpacks the
// artifact, loads it (POST /models, coalescing concurrent loads), unloads the least recently used
// model when the container answers 507, and invokes (POST /models/{name}/invoke). When the container
// process dies, calls wait for its restart and are retried (an invocation is idempotent: the same
// input to the same model), with backoff and within a bounded number of attempts and total time;
// models are loaded again on demand.
import { createHash } from 'node:crypto';
import type { NamedTensors } from '../../../inference-stack/src/domain/tensors/tensor.ts';
import {
  type Invocation,
  type InvokeOptions,
  type ModelHost,
  ModelInvocationError,
} from '../../../inference-stack/src/ports/model-host.ts';
import {
  decodeInvokeResponse,
  encodeInvokeRequest,
  InvalidInvokeBodyError,
} from '../../../inference-stack/src/serving/invoke-body.ts';
import type { ArtifactStore } from '../../../model-registry/src/ports/artifact-store.ts';
import {
  type ContainerAnswer,
  ContainerUnavailableError,
  callContainer,
  containerMessage,
} from './model-container-client.ts';
import { unpackedModelDir } from './model-directory.ts';

export interface ServingContainer {
  /** Base URL of the live container; waits while it restarts. */
  url(): Promise<string>;
  /** Changes whenever the container restarts (its loaded models are then gone). */
  readonly incarnation: number;
}

export interface LocalMultiModelEndpointOptions {
  readonly container: ServingContainer;
  readonly artifacts: Pick<ArtifactStore, 'get'>;
  /** Where artifacts are unpacked, as SageMaker does under /opt/ml/models. */
  readonly modelsDir: string;
  /** SageMaker's invocation timeout. @default 60000 */
  readonly invokeTimeoutMs?: number;
  /** @default 300000 */
  readonly loadTimeoutMs?: number;
  /** Attempts when the container is unreachable or lost the model. @default 12 */
  readonly attempts?: number;
  /** Delay before the first retry on a refused or reset connection; doubles, up to 1 s. @default 50 */
  readonly retryDelayMs?: number;
  /** No retry starts later than this after the call began (a restart takes ~1 s). @default 15000 */
  readonly retryBudgetMs?: number;
  /** Monotonic ms. @default performance.now */
  readonly now?: () => number;
  /** @default setTimeout */
  readonly sleep?: (ms: number) => Promise<void>;
}

interface Loaded {
  readonly incarnation: number;
  inflight: number;
}

/** The container answered that it does not know the model (it restarted since we loaded it). */
export class ModelNotLoadedError extends Error {
  override readonly name = 'ModelNotLoadedError';
}

export class ContainerCapacityError extends Error {
  override readonly name = 'ContainerCapacityError';
}

export class LocalMultiModelEndpoint implements ModelHost {
  /** Least recently used first. */
  private readonly loaded = new Map<string, Loaded>();
  private readonly loading = new Map<string, Promise<void>>();
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(private readonly options: LocalMultiModelEndpointOptions) {
    this.now = options.now ?? (() => performance.now());
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  /** The container's model_name for a TargetModel: opaque, as on SageMaker. */
  static modelName(targetModel: string): string {
    return createHash('sha256').update(targetModel).digest('hex').slice(0, 32);
  }

  async invoke(targetModel: string, inputs: NamedTensors, options: InvokeOptions = {}): Promise<Invocation> {
    refuseVariant(targetModel, options);
    const body = encodeInvokeRequest(inputs);
    const answer = await this.withModel(targetModel, (base, name) =>
      callContainer(base, 'POST', `/models/${name}/invoke`, {
        body,
        headers: { 'x-amzn-sagemaker-target-model': targetModel },
        timeoutMs: this.options.invokeTimeoutMs ?? 60_000,
      }),
    );
    if (answer.result.status !== 200) throw new ModelInvocationError(targetModel, containerMessage(answer.result));
    let outputs: NamedTensors;
    try {
      outputs = decodeInvokeResponse(answer.result.text);
    } catch (error) {
      if (error instanceof InvalidInvokeBodyError)
        throw new ModelInvocationError(targetModel, `bad response: ${error.message}`, { cause: error });
      throw error;
    }
    return { outputs, inferenceMs: answer.totalMs - answer.loadMs, loadMs: answer.loadMs };
  }

  /** Invokes with the caller's raw body (the InvokeEndpoint route): the container's answer as is. */
  async invokeRaw(targetModel: string, body: string): Promise<ContainerAnswer> {
    const answer = await this.withModel(targetModel, (base, name) =>
      callContainer(base, 'POST', `/models/${name}/invoke`, {
        body,
        headers: { 'x-amzn-sagemaker-target-model': targetModel },
        timeoutMs: this.options.invokeTimeoutMs ?? 60_000,
      }),
    );
    return answer.result;
  }

  async warm(
    targetModel: string,
    options: InvokeOptions = {},
  ): Promise<{ readonly loadMs: number; readonly alreadyLoaded: boolean }> {
    refuseVariant(targetModel, options);
    const alreadyLoaded = this.isLoaded(targetModel);
    const started = this.now();
    await this.ensureLoaded(targetModel);
    return { loadMs: alreadyLoaded ? 0 : this.now() - started, alreadyLoaded };
  }

  /** Loads if needed, runs `call`, and retries when the container restarted or lost the model. */
  private async withModel(
    targetModel: string,
    call: (base: string, name: string) => Promise<ContainerAnswer>,
  ): Promise<{ result: ContainerAnswer; loadMs: number; totalMs: number }> {
    const started = this.now();
    const name = LocalMultiModelEndpoint.modelName(targetModel);
    let loadMs = 0;
    let lastError: unknown;
    let delayMs = this.options.retryDelayMs ?? 50;
    const attempts = this.options.attempts ?? 12;
    const budgetMs = this.options.retryBudgetMs ?? 15_000;
    for (let attempt = 0; attempt < attempts; attempt++) {
      if (attempt > 0 && lastError instanceof ContainerUnavailableError) {
        // A refused or reset connection: the process is dying or restarting; give it time, within budget.
        if (this.now() - started + delayMs > budgetMs) break;
        await this.sleep(delayMs);
        delayMs = Math.min(delayMs * 2, 1_000);
      }
      try {
        if (!this.isLoaded(targetModel)) {
          const loadStarted = this.now();
          await this.ensureLoaded(targetModel);
          loadMs += this.now() - loadStarted;
        }
        const entry = this.touch(targetModel);
        entry.inflight++;
        try {
          const result = await call(await this.options.container.url(), name);
          // The container does not know the model (it restarted between our load and this call): load again.
          if (result.status === 404 && isNotLoaded(result)) {
            this.loaded.delete(targetModel);
            lastError = new ModelNotLoadedError(`${targetModel} was not loaded in the container`);
            continue;
          }
          return { result, loadMs, totalMs: this.now() - started };
        } finally {
          entry.inflight--;
        }
      } catch (error) {
        if (!(error instanceof ContainerUnavailableError)) throw error;
        lastError = error;
      }
    }
    // Out of attempts or time: say so, with the last connection error as the cause.
    if (lastError instanceof ContainerUnavailableError)
      throw new ContainerUnavailableError(
        `${targetModel}: the serving container was unreachable for ${Math.round(this.now() - started)} ms (${lastError.message})`,
        { cause: lastError },
      );
    throw lastError;
  }

  private isLoaded(targetModel: string): boolean {
    const entry = this.loaded.get(targetModel);
    return entry !== undefined && entry.incarnation === this.options.container.incarnation;
  }

  private touch(targetModel: string): Loaded {
    const entry = this.loaded.get(targetModel)!;
    this.loaded.delete(targetModel);
    this.loaded.set(targetModel, entry);
    return entry;
  }

  private ensureLoaded(targetModel: string): Promise<void> {
    if (this.isLoaded(targetModel)) return Promise.resolve();
    let pending = this.loading.get(targetModel);
    if (!pending) {
      pending = this.load(targetModel).finally(() => this.loading.delete(targetModel));
      this.loading.set(targetModel, pending);
    }
    return pending;
  }

  private async load(targetModel: string): Promise<void> {
    const name = LocalMultiModelEndpoint.modelName(targetModel);
    const dir = await unpackedModelDir(this.options.modelsDir, name, targetModel, this.options.artifacts);
    for (;;) {
      const base = await this.options.container.url();
      const incarnation = this.options.container.incarnation;
      const answer = await callContainer(base, 'POST', '/models', {
        body: JSON.stringify({ model_name: name, url: dir }),
        headers: { 'x-amzn-sagemaker-target-model': targetModel },
        timeoutMs: this.options.loadTimeoutMs ?? 300_000,
      });
      // 409: loaded already (our record was lost, the container's was not).
      if (answer.status === 200 || answer.status === 409) {
        this.loaded.set(targetModel, { incarnation, inflight: 0 });
        return;
      }
      if (answer.status === 507 && (await this.unloadLeastRecentlyUsed(base, targetModel))) continue;
      if (answer.status === 507)
        throw new ContainerCapacityError(`${targetModel}: ${containerMessage(answer)} and nothing can be unloaded`);
      throw new ModelInvocationError(targetModel, `cannot load model: ${containerMessage(answer)}`);
    }
  }

  /** As SageMaker does on 507: unload the least recently used model no call is using. */
  private async unloadLeastRecentlyUsed(base: string, keep: string): Promise<boolean> {
    for (const [targetModel, entry] of this.loaded) {
      if (targetModel === keep || entry.inflight > 0) continue;
      this.loaded.delete(targetModel);
      const name = LocalMultiModelEndpoint.modelName(targetModel);
      await callContainer(base, 'DELETE', `/models/${name}`, { timeoutMs: this.options.loadTimeoutMs ?? 300_000 });
      return true;
    }
    return false;
  }
}

function isNotLoaded(answer: ContainerAnswer): boolean {
  try {
    return (JSON.parse(answer.text) as { error?: { code?: string } }).error?.code === 'ModelNotLoaded';
  } catch {
    return false;
  }
}

/** Single-model variants are Neo-compiled, and Neo exists only on AWS (models.yaml says so first). */
function refuseVariant(targetModel: string, options: InvokeOptions): void {
  if (options.targetVariant)
    throw new ModelInvocationError(targetModel, `production variant ${options.targetVariant} is served only on AWS`);
}
