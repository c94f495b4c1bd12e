import { SageMakerClient, type SageMakerClientConfig } from '@aws-sdk/client-sagemaker';

/** Either a ready client or the config to build one, never both. */
export type SageMakerClientProps =
  | { readonly client: SageMakerClient; readonly clientConfig?: never }
  | { readonly clientConfig: SageMakerClientConfig; readonly client?: never };

export function sageMakerClientOf(props: SageMakerClientProps): SageMakerClient {
  return props.client ?? new SageMakerClient(props.clientConfig!);
}

export const errorName = (error: unknown): string => (error as Error)?.name ?? 'Error';
