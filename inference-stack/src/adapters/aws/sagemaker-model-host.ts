// ModelHost on a SageMaker multi-model endpoint: InvokeEndpoint with TargetModel; the endpoint
// loads the model on first use. JSON in and out, named tensors (domain/tensors/tensor-json.ts):
// {"inputs": {"<name>": {dtype, shape, data}}} -> {"outputs": {"<name>": {dtype, shape, data}}}.
import {
  InvokeEndpointCommand,
  SageMakerRuntimeClient,
  type SageMakerRuntimeClientConfig,
} from '@aws-sdk/client-sagemaker-runtime';
import { decodeInvokeResponse, encodeInvokeRequest, formatErrors } from '../../domain/tensors/index.ts';
import type { NamedTensors } from '../../domain/tensors/tensor.ts';
import { type Invocation, type ModelHost, ModelInvocationError } from '../../ports/model-host.ts';

export type SageMakerModelHostOptions = { readonly endpointName: string; readonly now?: () => number } & (
  | { readonly client: SageMakerRuntimeClient }
  | { readonly clientConfig?: SageMakerRuntimeClientConfig }
);

export class SageMakerModelHost implements ModelHost {
  private readonly client: SageMakerRuntimeClient;
  private readonly now: () => number;

  constructor(private readonly options: SageMakerModelHostOptions) {
    this.client = 'client' in options ? options.client : new SageMakerRuntimeClient(options.clientConfig ?? {});
    this.now = options.now ?? (() => performance.now());
  }

  async invoke(targetModel: string, inputs: NamedTensors): Promise<Invocation> {
    const started = this.now();
    let body: Uint8Array;
    try {
      const out = await this.client.send(
        new InvokeEndpointCommand({
          EndpointName: this.options.endpointName,
          TargetModel: targetModel,
          ContentType: 'application/json',
          Accept: 'application/json',
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
    const decoded = decodeInvokeResponse(new TextDecoder().decode(body));
    if (!decoded.ok) throw new ModelInvocationError(targetModel, `bad response: ${formatErrors(decoded.errors)}`);
    // MME does not split load from inference in the response; cold loads show in the endpoint's ModelLoadingWaitTime metric.
    return { outputs: decoded.tensors, inferenceMs: this.now() - started, loadMs: 0 };
  }

  async warm(targetModel: string): Promise<{ readonly loadMs: number; readonly alreadyLoaded: boolean }> {
    // MME has no explicit load call; a tiny invocation is how models are pre-loaded. Callers that
    // know the signature should invoke with a real row; this sends no inputs and ignores a model error.
    const started = this.now();
    try {
      await this.invoke(targetModel, {});
    } catch (error) {
      if (!(error instanceof ModelInvocationError)) throw error;
    }
    return { loadMs: this.now() - started, alreadyLoaded: false };
  }
}
