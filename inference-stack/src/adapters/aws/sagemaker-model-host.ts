// ModelHost on a SageMaker multi-model endpoint: InvokeEndpoint with TargetModel; the endpoint
// loads the model on first use. The body is the serving container's (serving/invoke-body.ts): named
// tensors in, every output by name back.
import {
  InvokeEndpointCommand,
  SageMakerRuntimeClient,
  type SageMakerRuntimeClientConfig,
} from '@aws-sdk/client-sagemaker-runtime';
import type { NamedTensors } from '../../domain/tensors/tensor.ts';
import { type Invocation, type InvokeOptions, type ModelHost, ModelInvocationError } from '../../ports/model-host.ts';
import {
  decodeInvokeResponse,
  encodeInvokeRequest,
  INVOKE_CONTENT_TYPE,
  InvalidInvokeBodyError,
} from '../../serving/invoke-body.ts';

export type SageMakerModelHostOptions = {
  readonly endpointName: string;
  /** The endpoint whose production variants serve single-model (Neo) versions. @default none */
  readonly variantEndpointName?: string;
  readonly now?: () => number;
} & ({ readonly client: SageMakerRuntimeClient } | { readonly clientConfig?: SageMakerRuntimeClientConfig });

export class SageMakerModelHost implements ModelHost {
  private readonly client: SageMakerRuntimeClient;
  private readonly now: () => number;

  constructor(private readonly options: SageMakerModelHostOptions) {
    this.client = 'client' in options ? options.client : new SageMakerRuntimeClient(options.clientConfig ?? {});
    this.now = options.now ?? (() => performance.now());
  }

  async invoke(targetModel: string, inputs: NamedTensors, options: InvokeOptions = {}): Promise<Invocation> {
    const { targetVariant } = options;
    if (targetVariant && !this.options.variantEndpointName)
      throw new ModelInvocationError(targetModel, `no variant endpoint is configured to serve ${targetVariant}`);
    const started = this.now();
    let body: Uint8Array;
    try {
      const out = await this.client.send(
        new InvokeEndpointCommand({
          // Same weights, sticky keys and metrics as TargetModel: only the addressing differs.
          ...(targetVariant
            ? { EndpointName: this.options.variantEndpointName!, TargetVariant: targetVariant }
            : { EndpointName: this.options.endpointName, TargetModel: targetModel }),
          ContentType: INVOKE_CONTENT_TYPE,
          Accept: INVOKE_CONTENT_TYPE,
          Body: new TextEncoder().encode(encodeInvokeRequest(inputs)),
        }),
      );
      body = out.Body ?? new Uint8Array();
    } catch (error) {
      // The model container answered with an error: deterministic, not worth a retry.
      if ((error as { name?: string }).name === 'ModelError')
        throw new ModelInvocationError(targetModel, (error as Error).message, { cause: error });
      throw error;
    }
    let outputs: Invocation['outputs'];
    try {
      outputs = decodeInvokeResponse(new TextDecoder().decode(body));
    } catch (error) {
      if (error instanceof InvalidInvokeBodyError)
        throw new ModelInvocationError(targetModel, `bad response: ${error.message}`, { cause: error });
      throw error;
    }
    // MME does not split load from inference in the response; cold loads show in the endpoint's ModelLoadingWaitTime metric.
    return { outputs, inferenceMs: this.now() - started, loadMs: 0 };
  }

  async warm(
    targetModel: string,
    options: InvokeOptions = {},
  ): Promise<{ readonly loadMs: number; readonly alreadyLoaded: boolean }> {
    // MME has no explicit load call; a tiny invocation is how models are pre-loaded. Callers that
    // know the signature should invoke with a real row; this sends no inputs and ignores a model error.
    const started = this.now();
    try {
      await this.invoke(targetModel, {}, options);
    } catch (error) {
      if (!(error instanceof ModelInvocationError)) throw error;
    }
    return { loadMs: this.now() - started, alreadyLoaded: false };
  }
}
