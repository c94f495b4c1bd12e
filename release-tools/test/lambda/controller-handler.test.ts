import 'aws-sdk-client-mock-vitest/extend';
import { Logger } from '@aws-lambda-powertools/logger';
import { PutMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { InvokeEndpointCommand, SageMakerRuntimeClient } from '@aws-sdk/client-sagemaker-runtime';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { S3MirrorStore } from '../../src/adapters/aws/s3-mirror-store.ts';
import { S3StateStore } from '../../src/adapters/aws/s3-state-store.ts';
import { preparedReleaseKey } from '../../src/adapters/aws/state-prepared-releases.ts';
import { controllerFromEnv, createHandler, ReconcileFailedError } from '../../src/lambda/controller.ts';
import { fakeCloudWatch } from '../adapters/fake-cloudwatch.ts';
import { fakeS3 } from '../adapters/fake-s3.ts';

const yaml = `apiVersion: mlrelease/v1
endpoint: { name: scoring-mme, instanceType: ml.c5.xlarge, instances: { min: 1, max: 2 }, targetInvocationsPerInstance: 100 }
defaults: { compile: { target: ml_c5 }, release: { strategy: all-at-once } }
models:
  - { name: fraud, version: 1.0.0, artifact: s3://art/fraud/1.0.0/model.tar.gz, framework: onnx, input: { name: x, dtype: float32, shape: [-1, 4] } }
`;
const env = {
  STATE_BUCKET: 'state',
  ROUTE_TABLE_BUCKET: 'routes',
  ROUTE_TABLE_KEY: 'live/routes.json',
  ENDPOINT_NAME: 'scoring-mme',
  MANIFEST_KEY: 'desired/models.yaml',
  EVENTS_TOPIC_ARN: 'arn:aws:sns:eu-west-1:111122223333:releases',
  AWS_REGION: 'eu-west-1',
  ALARM_ARN_PREFIX: 'arn:aws:cloudwatch:eu-west-1:111122223333:alarm:',
};
const schedule = { source: 'aws.events', 'detail-type': 'Scheduled Event' };

afterEach(() => {
  mockClient(SNSClient).restore();
});

describe('controller Lambda', () => {
  it('takes a first version from models.yaml in S3 to stable once the pipeline has registered it', async () => {
    const s3 = fakeS3();
    s3.objects.set('state/desired/models.yaml', { body: yaml, etag: '"m"' });
    const sns = mockClient(SNSClient);
    sns.on(PublishCommand).resolves({ MessageId: '1' });
    const runtime = mockClient(SageMakerRuntimeClient);
    runtime.on(InvokeEndpointCommand).resolves({});
    const cloudwatch = fakeCloudWatch([]);
    const clients = {
      s3: s3.client,
      cloudwatch: cloudwatch.client,
      runtime: new SageMakerRuntimeClient({}),
      sns: new SNSClient({}),
    };
    const handler = createHandler(() => controllerFromEnv(env, clients));

    const results = [await handler(schedule), await handler(schedule), await handler(schedule)];
    await new S3StateStore({ client: s3.client, bucket: 'state' }).put(
      preparedReleaseKey('fraud', '1.0.0'),
      { targetModel: 'fraud/1.0.0-0123456789ab/model.tar.gz', sha256: 'ab'.repeat(32) },
      null,
    );
    results.push(
      await handler(schedule),
      await handler({ source: 'aws.cloudwatch', detail: { alarmName: 'mlrelease-fraud-candidate-error-rate' } }),
    );

    expect(results.map((r) => r.changed.map((c) => c.action).join() || 'none')).toEqual([
      'started',
      'compiling',
      'none',
      'registered',
      'promoted',
    ]);
    expect(results[4]!.trigger).toBe('alarm mlrelease-fraud-candidate-error-rate');
    expect(runtime).toHaveReceivedCommandWith(InvokeEndpointCommand, {
      EndpointName: 'scoring-mme',
      TargetModel: 'fraud/1.0.0-0123456789ab/model.tar.gz',
    });
    expect(sns).toHaveReceivedCommandWith(PublishCommand, {
      TopicArn: env.EVENTS_TOPIC_ARN,
      Subject: 'mlrelease fraud 1.0.0: promoted',
    });
    expect(JSON.parse(s3.objects.get('routes/live/routes.json')!.body)).toMatchObject({
      routes: {
        fraud: {
          stable: { version: '1.0.0', targetModel: 'fraud/1.0.0-0123456789ab/model.tar.gz' },
          candidateWeight: 0,
        },
      },
    });
    // The dashboards chart CandidateWeight: the route change to stable-only publishes 0.
    expect(cloudwatch.mock).toHaveReceivedCommandWith(PutMetricDataCommand, {
      Namespace: 'ModelRelease',
      MetricData: [
        expect.objectContaining({
          MetricName: 'CandidateWeight',
          Dimensions: [{ Name: 'Model', Value: 'fraud' }],
          Value: 0,
        }),
      ],
    });
    s3.mock.restore();
    cloudwatch.mock.restore();
    runtime.restore();
  });

  it('reads mirrored pairs from the data bucket, so the divergence gate stops a shadow on AWS', async () => {
    // Prepare: fraud 1.0.0 stable; 1.1.0 released by shadow with a divergence gate.
    const s3 = fakeS3();
    s3.objects.set('state/desired/models.yaml', { body: yaml, etag: '"m"' });
    const sns = mockClient(SNSClient);
    sns.on(PublishCommand).resolves({ MessageId: '1' });
    const runtime = mockClient(SageMakerRuntimeClient);
    runtime.on(InvokeEndpointCommand).resolves({});
    const ok = (name: string) => ({ name, state: 'OK' as const, reason: '', since: 0 });
    const cloudwatch = fakeCloudWatch(
      [],
      ['error-rate', 'p99-latency'].map((a) => ok(`mlrelease-fraud-candidate-${a}`)),
    );
    const clients = {
      s3: s3.client,
      cloudwatch: cloudwatch.client,
      runtime: new SageMakerRuntimeClient({}),
      sns: new SNSClient({}),
    };
    const handler = createHandler(() => controllerFromEnv({ ...env, MIRROR_BUCKET: 'data' }, clients));
    const prepare = (version: string) =>
      new S3StateStore({ client: s3.client, bucket: 'state' }).put(
        preparedReleaseKey('fraud', version),
        { targetModel: `fraud/${version}-0123456789ab/model.tar.gz`, sha256: 'ab'.repeat(32) },
        null,
      );
    await prepare('1.0.0');
    for (let i = 0; i < 4; i++) await handler(schedule);
    const shadow = yaml.replace(
      '{ name: fraud, version: 1.0.0, artifact: s3://art/fraud/1.0.0/model.tar.gz,',
      '{ name: fraud, version: 1.1.0, artifact: s3://art/fraud/1.1.0/model.tar.gz, release: { strategy: shadow, sample: 10%, duration: 30m, gates: { maxDivergence: { metric: abs-diff-p99, threshold: 0.01, alpha: 0.05 } } },',
    );
    s3.objects.set('state/desired/models.yaml', { body: shadow, etag: '"m2"' });
    await prepare('1.1.0');
    for (let i = 0; i < 4; i++) await handler(schedule);
    const routes = JSON.parse(s3.objects.get('routes/live/routes.json')!.body);
    expect(routes.routes.fraud).toMatchObject({ candidateWeight: 0, mirror: 10 });
    // The worker's batches: 1 pair in 5 differs by 0.5.
    const sink = new S3MirrorStore({ client: s3.client, bucket: 'data' });
    for (let i = 0; i < 100; i++)
      sink.pair({
        model: 'fraud',
        stableVersion: '1.0.0',
        candidateVersion: '1.1.0',
        requestId: `r${i}`,
        maxAbsDiff: i % 5 === 0 ? 0.5 : 0,
        disagree: false,
        at: Date.now(),
      });
    await sink.flush();

    // Act
    const result = await handler(schedule);

    // Assess
    expect(result.changed).toEqual([{ model: 'fraud', phase: 'RolledBack', action: 'rolled-back' }]);
    const record = JSON.parse(s3.objects.get('state/state/rollouts/fraud.json')!.body);
    expect(record.history.at(-1).why).toMatch(
      /^divergence: candidate outputs differ from stable's: 20\/100 mirrored pairs/,
    );
    expect(s3.mock).toHaveReceivedCommandWith(ListObjectsV2Command, { Bucket: 'data', Prefix: 'mirror/fraud/1.1.0/' });
    s3.mock.restore();
    cloudwatch.mock.restore();
    runtime.restore();
  });

  it('fails the invocation when a model fails, after reconciling the others, and logs the error with its stack', async () => {
    // Prepare: two models; churn's rollout record is unreadable, fraud is new.
    const s3 = fakeS3();
    const twoModels = `${yaml}  - { name: churn, version: 2.0.0, artifact: s3://art/churn/2.0.0/model.tar.gz, framework: onnx, input: { name: x, dtype: float32, shape: [-1, 4] } }\n`;
    s3.objects.set('state/desired/models.yaml', { body: twoModels, etag: '"m"' });
    s3.objects.set('state/state/rollouts/churn.json', { body: '{"phase": "Progr', etag: '"torn"' });
    const sns = mockClient(SNSClient);
    sns.on(PublishCommand).resolves({ MessageId: '1' });
    const cloudwatch = fakeCloudWatch([]);
    const clients = {
      s3: s3.client,
      cloudwatch: cloudwatch.client,
      runtime: new SageMakerRuntimeClient({}),
      sns: new SNSClient({}),
    };
    const lines: string[] = [];
    const capture = (chunk: unknown) => {
      lines.push(String(chunk));
      return true;
    };
    const stdout = vi.spyOn(process.stdout, 'write').mockImplementation(capture);
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(capture);
    const handler = createHandler(
      () => controllerFromEnv(env, clients),
      new Logger({ serviceName: 'mlrelease-controller' }),
    );

    // Act
    const failure = await handler(schedule).catch((e: unknown) => e);
    stdout.mockRestore();
    stderr.mockRestore();

    // Assess: the invocation fails naming churn; fraud was reconciled all the same.
    expect(failure).toBeInstanceOf(ReconcileFailedError);
    expect((failure as ReconcileFailedError).result.errors.map((e) => e.model)).toEqual(['churn']);
    expect((failure as ReconcileFailedError).result.changed).toEqual([
      { model: 'fraud', phase: 'Pending', action: 'started' },
    ]);
    const logged = lines
      .flatMap((l) => l.split('\n'))
      .filter(Boolean)
      .map((l) => JSON.parse(l));
    const error = logged.find((l) => l.level === 'ERROR');
    expect(error).toMatchObject({
      message: 'model reconcile failed',
      service: 'mlrelease-controller',
      model: 'churn',
      version: '2.0.0',
      trigger: 'Scheduled Event',
      error: { name: 'SyntaxError', stack: expect.stringContaining('SyntaxError') },
    });
    expect(logged.find((l) => l.level === 'INFO')).toMatchObject({
      model: 'fraud',
      version: '1.0.0',
      action: 'started',
    });
    s3.mock.restore();
    cloudwatch.mock.restore();
  });

  it('names a missing environment variable', () => {
    const { STATE_BUCKET: _, ...partial } = env;

    expect(() => controllerFromEnv(partial, {} as never)).toThrow('missing environment variable STATE_BUCKET');
  });

  it('treats an empty variable as missing, as the CLI and the inference functions do', () => {
    expect(() => controllerFromEnv({ ...env, ENDPOINT_NAME: '' }, {} as never)).toThrow(
      'missing environment variable ENDPOINT_NAME',
    );
  });
});
