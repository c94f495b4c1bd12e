import 'aws-sdk-client-mock-vitest/extend';
import {
  InvokeEndpointCommand,
  ModelError,
  ModelNotReadyException,
  SageMakerRuntimeClient,
  ServiceUnavailable,
  ValidationError,
} from '@aws-sdk/client-sagemaker-runtime';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { describe, expect, it } from 'vitest';
import { ModelInvocationError } from '../../../inference-stack/src/ports/model-host.ts';
import { SageMakerWarmHost } from '../../src/adapters/aws/sagemaker-warm-host.ts';
import { SnsEventSink } from '../../src/adapters/aws/sns-event-sink.ts';
import { LogEventSink } from '../../src/adapters/local/log-event-sink.ts';
import type { ReleaseEvent } from '../../src/ports/release-event-sink.ts';

const target = 'fraud/1.1.0-0123456789ab/model.tar.gz';

describe('SageMakerWarmHost', () => {
  const clock =
    (...times: number[]) =>
    () =>
      times.shift() ?? 0;

  it('invokes the endpoint with the TargetModel and measures the load time', async () => {
    const mock = mockClient(SageMakerRuntimeClient);
    mock.on(InvokeEndpointCommand).resolves({});
    const host = new SageMakerWarmHost({
      client: new SageMakerRuntimeClient({}),
      endpointName: 'scoring-mme',
      now: clock(1_000, 3_400),
    });

    const result = await host.warm(target);

    expect(result).toEqual({ loadMs: 2_400, alreadyLoaded: false });
    expect(mock).toHaveReceivedCommandWith(InvokeEndpointCommand, {
      EndpointName: 'scoring-mme',
      TargetModel: target,
      ContentType: 'application/json',
    });
  });

  it('counts a model error on the dummy input as loaded', async () => {
    const mock = mockClient(SageMakerRuntimeClient);
    mock.on(InvokeEndpointCommand).rejects(new ModelError({ $metadata: {}, message: 'bad input' }));
    const host = new SageMakerWarmHost({
      client: new SageMakerRuntimeClient({}),
      endpointName: 'e',
      now: clock(0, 10),
    });

    expect(await host.warm(target)).toEqual({ loadMs: 10, alreadyLoaded: true });
  });

  it('raises ModelInvocationError when the model cannot be loaded', async () => {
    const mock = mockClient(SageMakerRuntimeClient);
    const cause = new ValidationError({ $metadata: { httpStatusCode: 400 }, message: 'Could not find model data' });
    mock.on(InvokeEndpointCommand).rejects(cause);
    const host = new SageMakerWarmHost({ client: new SageMakerRuntimeClient({}), endpointName: 'e' });

    const error = await host.warm(target).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ModelInvocationError);
    expect((error as Error).cause).toBe(cause);
  });

  it.each([
    ['ServiceUnavailable (503)', new ServiceUnavailable({ $metadata: { httpStatusCode: 503 }, message: 'down' })],
    [
      'ModelNotReadyException (429)',
      new ModelNotReadyException({ $metadata: { httpStatusCode: 429 }, message: 'wait' }),
    ],
    ['a throttle', Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' })],
  ])('lets %s through as it is, not as a model error', async (_, cause) => {
    const mock = mockClient(SageMakerRuntimeClient);
    mock.on(InvokeEndpointCommand).rejects(cause);
    const host = new SageMakerWarmHost({ client: new SageMakerRuntimeClient({}), endpointName: 'e' });

    const error = await host.warm(target).catch((e: unknown) => e);

    expect(error).not.toBeInstanceOf(ModelInvocationError);
    expect((error as Error).name).toBe(cause.name);
  });
});

const event: ReleaseEvent = {
  model: 'fraud',
  at: Date.UTC(2026, 0, 2, 3, 4, 5),
  rolloutId: 2,
  type: 'rolled-back',
  version: '1.1.0',
  from: 'Progressing',
  to: 'RolledBack',
  who: 'controller',
  why: 'alarm mlrelease-fraud-candidate-error-rate is ALARM',
  alarm: 'mlrelease-fraud-candidate-error-rate',
};

describe('release event sinks', () => {
  it('SNS: publishes the event as JSON with filterable model and type attributes', async () => {
    const mock = mockClient(SNSClient);
    mock.on(PublishCommand).resolves({ MessageId: '1' });

    await new SnsEventSink(new SNSClient({}), 'arn:aws:sns:eu-west-1:1:releases').publish(event);

    expect(mock).toHaveReceivedCommandWith(PublishCommand, {
      TopicArn: 'arn:aws:sns:eu-west-1:1:releases',
      Subject: 'mlrelease fraud 1.1.0: rolled-back',
      Message: JSON.stringify(event),
      MessageAttributes: {
        model: { DataType: 'String', StringValue: 'fraud' },
        type: { DataType: 'String', StringValue: 'rolled-back' },
      },
    });
  });

  it('log: writes one line with the transition, who and why', async () => {
    const lines: string[] = [];

    await new LogEventSink((l) => lines.push(l)).publish(event);

    expect(lines).toEqual([
      '2026-01-02T03:04:05.000Z fraud 1.1.0 Progressing -> RolledBack [rolled-back] by controller: alarm mlrelease-fraud-candidate-error-rate is ALARM',
    ]);
  });
});
