// SageMaker Runtime's InvokeEndpoint wire protocol (rest-json, botocore's sagemaker-runtime model),
// so the AWS SDKs, boto3 and the AWS CLI work against `npm start` with --endpoint-url:
//   POST /endpoints/{EndpointName}/invocations, X-Amzn-SageMaker-Target-Model: <artifact key>
// The body goes to the serving container unchanged, as SageMaker passes it to the model container.
// Auth: a SigV4 Authorization header must be present (any credentials; the signature is not
// verified: there is no IAM here, and the API only listens on 127.0.0.1). Requiring the header
// keeps a web page in a browser from invoking (a cross-origin request cannot set it without a
// CORS preflight, which this server never grants).
import type { ApiResponse } from '../../../inference-stack/src/handlers/api.ts';
import { json } from '../../../inference-stack/src/handlers/api.ts';
import { ModelInvocationError } from '../../../inference-stack/src/ports/model-host.ts';
import { ArtifactNotFoundError } from '../../../model-registry/src/ports/artifact-errors.ts';
import type { HttpRoute } from '../http/http-server.ts';
import { ContainerCapacityError, type LocalMultiModelEndpoint } from './local-multi-model-endpoint.ts';
import { ContainerUnavailableError, containerMessage } from './model-container-client.ts';

export const VARIANT_NAME = 'AllTraffic';
const SIGV4 = /^AWS4-HMAC-SHA256 Credential=[^/\s]+\/\d{8}\/[^/\s]+\/sagemaker\/aws4_request/;

export interface RuntimeRouteDeps {
  /** The endpoint name models.yaml declares (endpoint.name). */
  readonly endpointName: () => string;
  readonly endpoint: Pick<LocalMultiModelEndpoint, 'invokeRaw'>;
}

/** A SageMaker Runtime error as the SDKs parse it: x-amzn-ErrorType names the shape. */
function runtimeError(status: number, type: string, message: string, extra: Record<string, unknown> = {}): ApiResponse {
  return json(status, { Message: message, ...extra }, { 'x-amzn-errortype': type });
}

export function sageMakerRuntimeRoutes(deps: RuntimeRouteDeps): HttpRoute[] {
  return [
    {
      method: 'POST',
      pattern: /^\/endpoints\/(?<endpoint>[^/]+)\/invocations$/,
      auth: 'none',
      anyContentType: true,
      handle: async (request) => {
        if (!SIGV4.test(request.headers.authorization ?? ''))
          return runtimeError(
            403,
            'MissingAuthenticationTokenException',
            'Missing or malformed SigV4 Authorization header (any credentials work locally; signing name sagemaker)',
          );
        const name = decodeURIComponent(request.pathParams.endpoint ?? '');
        if (name !== deps.endpointName())
          return runtimeError(
            400,
            'ValidationError',
            `Endpoint ${name} not found (this platform serves ${deps.endpointName()}).`,
          );
        const targetModel = request.headers['x-amzn-sagemaker-target-model'];
        if (!targetModel)
          return runtimeError(400, 'ValidationError', 'TargetModel is required: this is a multi-model endpoint.');
        const variant = request.headers['x-amzn-sagemaker-target-variant'];
        if (variant && variant !== VARIANT_NAME)
          return runtimeError(400, 'ValidationError', `Endpoint ${name} has no production variant ${variant}.`);
        try {
          const answer = await deps.endpoint.invokeRaw(targetModel, request.body ?? '');
          if (answer.status !== 200) {
            const original = containerMessage(answer);
            return runtimeError(
              424,
              'ModelError',
              `Received server error (${answer.status}) from model with message "${original}".`,
              {
                OriginalStatusCode: answer.status,
                OriginalMessage: original,
              },
            );
          }
          return {
            statusCode: 200,
            body: answer.text,
            headers: {
              'content-type': String(answer.headers['content-type'] ?? 'application/json'),
              'x-amzn-invoked-production-variant': VARIANT_NAME,
            },
          };
        } catch (error) {
          if (error instanceof ArtifactNotFoundError || (error as Error).name === 'InvalidArtifactKeyError')
            return runtimeError(400, 'ValidationError', `Could not find model data for TargetModel ${targetModel}.`);
          if (error instanceof ModelInvocationError)
            return runtimeError(424, 'ModelError', error.message, {
              OriginalStatusCode: 500,
              OriginalMessage: error.message,
            });
          // The container is restarting, or full with models in use: worth a retry, as SageMaker's 503.
          if (error instanceof ContainerUnavailableError || error instanceof ContainerCapacityError)
            return runtimeError(503, 'ServiceUnavailable', (error as Error).message);
          throw error;
        }
      },
    },
  ];
}
