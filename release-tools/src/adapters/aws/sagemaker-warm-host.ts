// Warm-up on a SageMaker multi-model endpoint: one small InvokeEndpoint with the TargetModel makes
// the endpoint load the model; the time it took is the load time (measured apart from the canary).
// A single-model (Neo) version is warmed the same way through its TargetVariant on the variant endpoint.
import { InvokeEndpointCommand, type SageMakerRuntimeClient } from '@aws-sdk/client-sagemaker-runtime';
import {
  type InvokeOptions,
  type ModelHost,
  ModelInvocationError,
} from '../../../../inference-stack/src/ports/model-host.ts';
import { isTemporaryFailure } from '../../ports/temporary-failure.ts';

export interface SageMakerWarmHostOptions {
  readonly client: SageMakerRuntimeClient;
  readonly endpointName: string;
  /** The endpoint whose production variants serve single-model (Neo) versions. @default none */
  readonly variantEndpointName?: string;
  /** Request body that the model accepts; a tiny valid input. @default '{"warmup":true}' */
  readonly body?: (targetModel: string) => string;
  /** @default () => performance.now() */
  readonly now?: () => number;
}

export class SageMakerWarmHost implements Pick<ModelHost, 'warm'> {
  constructor(private readonly options: SageMakerWarmHostOptions) {}

  async warm(targetModel: string, options: InvokeOptions = {}): Promise<{ loadMs: number; alreadyLoaded: boolean }> {
    const now = this.options.now ?? (() => performance.now());
    const { targetVariant } = options;
    const { variantEndpointName } = this.options;
    if (targetVariant && !variantEndpointName)
      throw new ModelInvocationError(targetModel, `no variant endpoint is configured to serve ${targetVariant}`);
    const start = now();
    try {
      await this.options.client.send(
        new InvokeEndpointCommand({
          ...(targetVariant
            ? { EndpointName: variantEndpointName!, TargetVariant: targetVariant }
            : { EndpointName: this.options.endpointName, TargetModel: targetModel }),
          ContentType: 'application/json',
          Body: new TextEncoder().encode(this.options.body?.(targetModel) ?? '{"warmup":true}'),
        }),
      );
    } catch (error) {
      // A model error on the dummy input still means the model loaded; only a load failure counts.
      if ((error as Error).name === 'ModelError') return this.loaded(start, now);
      // Throttled, endpoint unavailable, socket dropped: not the model's fault; the controller retries.
      if (isTemporaryFailure(error)) throw error;
      throw new ModelInvocationError(targetModel, `warm-up failed: ${(error as Error).message}`, { cause: error });
    }
    return this.loaded(start, now);
  }

  private loaded(start: number, now: () => number): { loadMs: number; alreadyLoaded: boolean } {
    const loadMs = now() - start;
    // MME does not say whether the model was resident; a fast answer means it was.
    return { loadMs, alreadyLoaded: loadMs < 50 };
  }
}
