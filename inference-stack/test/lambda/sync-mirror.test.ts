// The synchronous path of a shadow on AWS, through the Lambda faces with the stack's environment and
// real adapters over aws-sdk-client-mock: the invoke answers stable's outputs and hands the request
// to the mirror queue (one SendMessage); the mirror function invokes the candidate and writes the pair.
import 'aws-sdk-client-mock-vitest/extend';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { InvokeEndpointCommand, SageMakerRuntimeClient } from '@aws-sdk/client-sagemaker-runtime';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { APIGatewayProxyEvent, SQSEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ModelRoute } from '../../../release-tools/src/domain/route-table.ts';
import { mockedS3Bucket } from '../support/mocked-aws.ts';

const QUEUE_URL = 'https://sqs.eu-west-1.amazonaws.com/111122223333/mirror';
const ENV = {
  CATALOG_BUCKET: 'state',
  CATALOG_KEY: 'state/catalog.json',
  ROUTE_TABLE_BUCKET: 'state',
  ROUTE_TABLE_KEY: 'routes.json',
  ENDPOINT_NAME: 'scoring-mme',
  MIRROR_QUEUE_URL: QUEUE_URL,
  MIRROR_BUCKET: 'data',
  AWS_REGION: 'eu-west-1',
  POWERTOOLS_METRICS_DISABLED: 'true',
};
const SHADOW: ModelRoute = {
  model: 'churn',
  stable: { version: '1.0.0', targetModel: 'churn/1.0.0-aaa/model.tar.gz' },
  candidate: { version: '1.1.0', targetModel: 'churn/1.1.0-bbb/model.tar.gz' },
  candidateWeight: 0,
  mode: 'weighted',
  mirror: 100,
};

const runtime = mockClient(SageMakerRuntimeClient);
const sqs = mockClient(SQSClient);
let s3: ReturnType<typeof mockedS3Bucket>;
const saved = { ...process.env };

beforeEach(async () => {
  s3 = mockedS3Bucket();
  runtime.reset();
  runtime.on(InvokeEndpointCommand).callsFake(async (input: { TargetModel?: string }) => ({
    Body: new TextEncoder().encode(
      JSON.stringify({
        outputs: {
          probability: { dtype: 'float32', shape: [1, 1], data: [input.TargetModel?.includes('1.0.0') ? 0.25 : 0.75] },
        },
      }),
    ),
  }));
  sqs.reset();
  sqs.on(SendMessageCommand).resolves({ MessageId: 'q-1' });
  Object.assign(process.env, ENV);
  vi.resetModules(); // module singletons (clients, caches) start cold, as in a new container
  const put = (key: string, value: unknown) =>
    s3.client.send(new PutObjectCommand({ Bucket: 'state', Key: key, Body: JSON.stringify(value) }));
  await put('routes.json', { routes: { churn: SHADOW } });
  await put('state/catalog.json', {
    formatVersion: 1,
    models: { churn: { name: 'x', dtype: 'float32', shape: [-1, 2], maxBatch: 8 } },
  });
  s3.mock.resetHistory();
});
afterEach(() => {
  process.env = { ...saved };
  s3.mock.restore();
});
afterAll(() => {
  runtime.restore();
  sqs.restore();
});

const invokeEvent = {
  httpMethod: 'POST',
  path: '/v1/models/churn/invoke',
  pathParameters: { model: 'churn' },
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ inputs: [[1, 2]] }),
  isBase64Encoded: false,
  requestContext: { requestId: 'gw-1', authorizer: { sub: 'user-1', role: 'invoke' } },
} as unknown as APIGatewayProxyEvent;

describe('invoke-sync Lambda: shadow handoff', () => {
  it("answers stable's outputs and sends the mirrored request to the mirror queue, invoking only stable", async () => {
    const { handler } = await import('../../src/lambda/invoke-sync.ts');

    const response = await handler(invokeEvent);

    expect(response.statusCode).toBe(200);
    expect(JSON.parse(response.body)).toMatchObject({ version: '1.0.0', track: 'stable' });
    expect(runtime).toHaveReceivedCommandTimes(InvokeEndpointCommand, 1);
    expect(sqs).toHaveReceivedCommandWith(SendMessageCommand, {
      QueueUrl: QUEUE_URL,
      MessageAttributes: { model: { DataType: 'String', StringValue: 'churn' } },
    });
    const body = JSON.parse(sqs.commandCalls(SendMessageCommand)[0]!.args[0].input.MessageBody!);
    expect(body).toMatchObject({ format: 1, model: 'churn', requestId: 'gw-1', candidate: { version: '1.1.0' } });
  });

  it('answers all the same when the send fails (the drop is counted, not the caller’s problem)', async () => {
    sqs.on(SendMessageCommand).rejects(new Error('AccessDenied'));
    const { handler } = await import('../../src/lambda/invoke-sync.ts');

    const response = await handler(invokeEvent);

    expect(response.statusCode).toBe(200);
  });

  it('sends nothing without MIRROR_QUEUE_URL', async () => {
    process.env.MIRROR_QUEUE_URL = '';
    const { handler } = await import('../../src/lambda/invoke-sync.ts');

    await handler(invokeEvent);

    expect(sqs).toHaveReceivedCommandTimes(SendMessageCommand, 0);
  });
});

describe('mirror Lambda', () => {
  it('invokes the candidate by TargetModel and writes the pair under mirror/', async () => {
    const { handler: invoke } = await import('../../src/lambda/invoke-sync.ts');
    await invoke(invokeEvent);
    const message = sqs.commandCalls(SendMessageCommand)[0]!.args[0].input.MessageBody!;
    const { handler } = await import('../../src/lambda/mirror.ts');
    runtime.resetHistory();

    const response = await handler({ Records: [{ messageId: 'm-1', body: message }] } as unknown as SQSEvent, {
      getRemainingTimeInMillis: () => 30_000,
    });

    expect(response).toEqual({ batchItemFailures: [] });
    expect(runtime).toHaveReceivedCommandWith(InvokeEndpointCommand, {
      EndpointName: 'scoring-mme',
      TargetModel: 'churn/1.1.0-bbb/model.tar.gz',
    });
    const puts = s3.mock.commandCalls(PutObjectCommand).map((c) => c.args[0].input);
    expect(puts).toHaveLength(1);
    expect(puts[0]!.Key).toMatch(/^mirror\/churn\/1\.1\.0\/\d{13}-[\w-]+\.json$/);
    expect(JSON.parse(String(puts[0]!.Body))).toMatchObject({
      pairs: [{ requestId: 'gw-1', stableVersion: '1.0.0', maxAbsDiff: 0.5, disagree: true }],
      drops: [],
    });
  });
});
