// The worker's Lambda face with shadow mirroring on: the environment the stack gives it, real AWS
// adapters over aws-sdk-client-mock. Stable's result is written, then the candidate is invoked by
// TargetModel (or TargetVariant for a Neo version) and the batch's pairs are one PUT under mirror/.
import 'aws-sdk-client-mock-vitest/extend';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { InvokeEndpointCommand, SageMakerRuntimeClient } from '@aws-sdk/client-sagemaker-runtime';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import type { SQSEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ModelRoute } from '../../../release-tools/src/domain/route-table.ts';
import { mockedS3Bucket } from '../support/mocked-aws.ts';

const ENV = {
  DATA_BUCKET: 'data',
  RESULTS_TOPIC_ARN: 'arn:aws:sns:eu-west-1:111122223333:results',
  ENDPOINT_NAME: 'scoring-mme',
  VARIANT_ENDPOINT_NAME: 'scoring-variants',
  ROUTE_TABLE_BUCKET: 'state',
  ROUTE_TABLE_KEY: 'routes.json',
  MIRROR_BUCKET: 'data',
  MIRROR_MAX_PER_INVOCATION: '2',
  AWS_REGION: 'eu-west-1',
  // The EMF lines are the metric sink's business (its own test); not this test's output.
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
const context = { getRemainingTimeInMillis: () => 30_000 };

let s3: ReturnType<typeof mockedS3Bucket>;
const runtime = mockClient(SageMakerRuntimeClient);
const sns = mockClient(SNSClient);
const saved = { ...process.env };

beforeEach(() => {
  s3 = mockedS3Bucket();
  runtime.reset();
  runtime.on(InvokeEndpointCommand).callsFake(async (input: { TargetModel?: string }) => ({
    Body: new TextEncoder().encode(
      JSON.stringify({
        outputs: {
          probability: { dtype: 'float32', shape: [1, 1], data: [input.TargetModel?.includes('1.0.0') ? 0.2 : 0.9] },
        },
      }),
    ),
  }));
  sns.reset();
  sns.on(PublishCommand).resolves({ MessageId: 'm' });
  Object.assign(process.env, ENV);
});
afterEach(() => {
  process.env = { ...saved };
  s3.mock.restore();
});
afterAll(() => {
  runtime.restore();
  sns.restore();
});

async function worker(route: ModelRoute, ids: string[], env: Record<string, string> = {}) {
  Object.assign(process.env, env);
  vi.resetModules(); // the function's module singletons start cold, as in a new container
  const { handler } = await import('../../src/lambda/worker.ts');
  const client = s3.client;
  const put = (key: string, value: unknown) =>
    client.send(new PutObjectCommand({ Bucket: 'x', Key: key, Body: JSON.stringify(value) }));
  await put('routes.json', { routes: { churn: route } });
  for (const id of ids)
    await put(`requests/${id}.json`, {
      id,
      model: 'churn',
      lane: 'standard',
      format: 2,
      inputs: { features: { dtype: 'float32', shape: [1, 1], data: [1] } },
      routing: {},
      submittedAt: Date.now(),
    });
  s3.mock.resetHistory();
  const event = {
    Records: ids.map((id) => ({
      messageId: `m-${id}`,
      body: JSON.stringify({ id, model: 'churn', key: `requests/${id}.json` }),
    })),
  } as unknown as SQSEvent;
  return handler(event, context);
}

const putKeys = () => s3.mock.commandCalls(PutObjectCommand).map((c) => c.args[0].input.Key);

describe('worker Lambda: shadow mirroring', () => {
  it('writes the result, then invokes the candidate by TargetModel and writes the batch of pairs once', async () => {
    const response = await worker(SHADOW, ['req-00000001']);

    expect(response).toEqual({ batchItemFailures: [] });
    expect(putKeys()).toEqual([
      'results/req-00000001.json',
      expect.stringMatching(/^mirror\/churn\/1\.1\.0\/\d{13}-[\w-]+\.json$/),
    ]);
    expect(runtime).toHaveReceivedNthCommandWith(InvokeEndpointCommand, 2, {
      EndpointName: 'scoring-mme',
      TargetModel: 'churn/1.1.0-bbb/model.tar.gz',
    });
    const batch = JSON.parse(String(s3.mock.commandCalls(PutObjectCommand)[1]!.args[0].input.Body));
    expect(batch).toMatchObject({
      format: 1,
      model: 'churn',
      candidateVersion: '1.1.0',
      pairs: [{ requestId: 'req-00000001', stableVersion: '1.0.0', disagree: true }],
      drops: [],
    });
  });

  it('invokes a Neo candidate by TargetVariant on the variant endpoint', async () => {
    const neo = { ...SHADOW, candidate: { ...SHADOW.candidate!, targetVariant: 'churn-1-1-0' } };

    await worker(neo, ['req-00000001']);

    expect(runtime).toHaveReceivedCommandWith(InvokeEndpointCommand, {
      EndpointName: 'scoring-variants',
      TargetVariant: 'churn-1-1-0',
    });
  });

  it('drops and counts the mirrored requests beyond MIRROR_MAX_PER_INVOCATION, in the same batch object', async () => {
    await worker(SHADOW, ['req-00000001', 'req-00000002', 'req-00000003']);

    const mirrorPut = s3.mock.commandCalls(PutObjectCommand).find((c) => c.args[0].input.Key!.startsWith('mirror/'));
    const batch = JSON.parse(String(mirrorPut!.args[0].input.Body));
    expect(batch.pairs).toHaveLength(2);
    expect(batch.drops).toHaveLength(1);
    expect(runtime).toHaveReceivedCommandTimes(InvokeEndpointCommand, 5);
  });

  it('mirrors nothing, and writes nothing under mirror/, without MIRROR_BUCKET', async () => {
    await worker(SHADOW, ['req-00000001'], { MIRROR_BUCKET: '' });

    expect(putKeys()).toEqual(['results/req-00000001.json']);
    expect(runtime).toHaveReceivedCommandTimes(InvokeEndpointCommand, 1);
  });
});
