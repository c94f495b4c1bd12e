import 'aws-sdk-client-mock-vitest/extend';
import {
  InvokeEndpointCommand,
  ModelError,
  SageMakerRuntimeClient,
  SageMakerRuntimeServiceException,
} from '@aws-sdk/client-sagemaker-runtime';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { SageMakerModelHost } from '../../src/adapters/aws/sagemaker-model-host.ts';
import { ModelInvocationError } from '../../src/ports/model-host.ts';
import { decodeInvokeRequest } from '../../src/serving/invoke-body.ts';

const mock = mockClient(SageMakerRuntimeClient);
beforeEach(() => mock.reset());

const host = () =>
  new SageMakerModelHost({ client: new SageMakerRuntimeClient({ region: 'us-east-1' }), endpointName: 'scoring-mme' });
const input = { features: { dtype: 'float32' as const, shape: [1, 2], data: [0.5, 1] } };

describe('SageMakerModelHost', () => {
  it('invokes the endpoint with TargetModel and a JSON body, and reads the outputs', async () => {
    // Prepare
    const outputs = {
      score: { dtype: 'float32', shape: [1, 1], data: [0.7] },
      label: { dtype: 'int64', shape: [1], data: ['9007199254740993'] },
    };
    mock.on(InvokeEndpointCommand).resolves({ Body: new TextEncoder().encode(JSON.stringify({ outputs })) as never });
    // Act
    const invocation = await host().invoke('fraud/1.0.0-abc/model.onnx', input);
    // Assess
    expect(invocation.outputs).toEqual(outputs);
    expect(invocation.loadMs).toBe(0);
    expect(mock).toHaveReceivedCommandWith(InvokeEndpointCommand, {
      EndpointName: 'scoring-mme',
      TargetModel: 'fraud/1.0.0-abc/model.onnx',
      ContentType: 'application/json',
      Accept: 'application/json',
    });
    const body = mock.commandCalls(InvokeEndpointCommand)[0]!.args[0].input.Body as Uint8Array;
    // Exactly the body the serving container reads.
    expect(JSON.parse(new TextDecoder().decode(body))).toEqual({
      inputs: { features: { dtype: 'float32', shape: [1, 2], data: [0.5, 1] } },
    });
    expect(decodeInvokeRequest(new TextDecoder().decode(body))).toEqual(input);
  });

  it('reports a response without outputs as an error of the model', async () => {
    mock.on(InvokeEndpointCommand).resolves({ Body: new TextEncoder().encode('{"predictions":[1]}') as never });
    await expect(host().invoke('m', input)).rejects.toBeInstanceOf(ModelInvocationError);
  });

  it('refuses a response whose outputs are not named tensors (no dtype), as a model error', async () => {
    const outputs = { score: { shape: [1, 1], data: [0.7] } };
    mock.on(InvokeEndpointCommand).resolves({ Body: new TextEncoder().encode(JSON.stringify({ outputs })) as never });
    await expect(host().invoke('m', input)).rejects.toThrow(/outputs\.score\.dtype/);
  });

  it('maps the container ModelError to ModelInvocationError (not retried)', async () => {
    mock.on(InvokeEndpointCommand).rejects(new ModelError({ message: 'shape mismatch', $metadata: {} }));
    await expect(host().invoke('m', input)).rejects.toBeInstanceOf(ModelInvocationError);
  });

  it('lets throttling through for a retry', async () => {
    const throttled = new SageMakerRuntimeServiceException({
      name: 'ThrottlingException',
      $fault: 'client',
      $metadata: { httpStatusCode: 429 },
    });
    mock.on(InvokeEndpointCommand).rejects(throttled);
    await expect(host().invoke('m', input)).rejects.toBe(throttled);
  });
});
