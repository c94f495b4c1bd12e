// The API-model check itself: it must see commands sent through aws-sdk-client-mock stubs and through
// real clients, and report AWS's rules (from botocore's models on this machine) with the member path.

import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import {
  type CreateCompilationJobCommand,
  CreateModelPackageGroupCommand,
  SageMakerClient,
} from '@aws-sdk/client-sagemaker';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { describe, expect, inject, it } from 'vitest';
import { takeApiModelViolations } from '../support/aws-api-model/api-model.setup.ts';
import { loadServiceModelForClient } from '../support/aws-api-model/botocore-models.ts';
import { translateJavaPattern } from '../support/aws-api-model/java-pattern.ts';
import { captureSdkCalls } from '../support/aws-api-model/sdk-calls.ts';
import { validateOperationInput } from '../support/aws-api-model/validate-input.ts';

const models = inject('awsApiModels');

// Without botocore (a laptop without Python) the check is off; CI=true makes the global setup fail instead.
describe.runIf(models !== undefined)('API-model check', () => {
  const dataDir = models?.dataDir ?? '';

  it('reports a stubbed command that breaks the model, with the member path and the rule', async () => {
    const mock = mockClient(SageMakerClient);
    mock.onAnyCommand().resolves({});

    await new SageMakerClient({ region: 'eu-west-1' }).send(
      new CreateModelPackageGroupCommand({ ModelPackageGroupName: 'fraud-detector-' }),
    );

    const found = takeApiModelViolations();
    mock.restore();
    expect(found).toEqual([
      expect.objectContaining({
        call: 'SageMaker CreateModelPackageGroup',
        path: 'ModelPackageGroupName',
        rule: 'must match pattern [a-zA-Z0-9](-*[a-zA-Z0-9]){0,62} (shape EntityName)',
      }),
    ]);
  });

  it('sees commands after aws-sdk-client-mock resets its stub', async () => {
    const mock = mockClient(SQSClient);
    mock.reset();
    mock.onAnyCommand().resolves({});

    await new SQSClient({ region: 'eu-west-1' }).send(new SendMessageCommand({ QueueUrl: 'q' } as never));

    const found = takeApiModelViolations();
    mock.restore();
    expect(found.map((v) => `${v.path}: ${v.rule}`)).toEqual(['MessageBody: required by SendMessageRequest']);
  });

  it('checks a real client before it signs and sends anything', async () => {
    const client = new S3Client({
      region: 'eu-west-1',
      credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
      // Answers every request itself: nothing leaves the machine.
      requestHandler: { handle: async () => ({ response: { statusCode: 200, headers: {}, body: undefined } }) },
    } as never);

    const calls = await captureSdkCalls(() =>
      client
        .send(new PutObjectCommand({ Bucket: 'b', Key: '', Body: 'x', StorageClass: 'COLD' as never }))
        .catch(() => {}),
    );

    expect(calls).toEqual([expect.objectContaining({ clientName: 'S3Client', operation: 'PutObject', via: 'sdk' })]);
    expect(takeApiModelViolations().map((v) => `${v.path}: ${v.rule.replace(/: .*,/, ':')}`)).toEqual([
      'Key: at least 1 characters, got 0 (shape ObjectKey)',
      expect.stringMatching(/^StorageClass: must be one of STANDARD, .* \(shape StorageClass\)$/),
    ]);
  });

  it('checks nested structures, enums, numeric ranges and unknown members', () => {
    const sagemaker = loadServiceModelForClient(dataDir, 'SageMakerClient');

    const { violations } = validateOperationInput(sagemaker, 'CreateCompilationJob', {
      CompilationJobName: 'job',
      RoleArn: 'arn:aws:iam::123456789012:role/Compile',
      InputConfig: { S3Uri: 's3://b/k', Framework: 'onnx', DataInputConfig: '{}' },
      OutputConfig: { S3OutputLocation: 's3://b/out', TargetDevice: 'ml_c5' },
      StoppingCondition: { MaxRuntimeInSeconds: 0 },
      Extra: 1,
    } as unknown as CreateCompilationJobCommand['input']);

    expect(violations).toEqual([
      expect.objectContaining({
        path: 'InputConfig.Framework',
        rule: expect.stringMatching(/^must be one of TENSORFLOW, .*ONNX.* \(shape Framework\)$/),
      }),
      expect.objectContaining({
        path: 'StoppingCondition.MaxRuntimeInSeconds',
        rule: expect.stringMatching(/^>= 1, got 0 \(shape /),
      }),
      expect.objectContaining({ path: 'Extra', rule: expect.stringMatching(/^not a member of CreateCompilationJob/) }),
    ]);
  });
});

describe('Java pattern translation', () => {
  it.each([
    ['[\\p{Alnum}\\-]+', 'a-1', 'a_1'],
    ['\\A\\S[\\p{Print}]*\\z', 'ab c', ' ab'],
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a Java quantified anchor, as botocore ships it
    ['([\\p{L}\\p{Z}\\p{N}_.:\\/=+\\-@]*)${1,256}', 'float32 -1x30 64 features', '{"a":1}'],
    ['[a-zA-Z0-9\\ \\_\\.]+', 'a b_c.d', 'a-b'],
    ['[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}', 'fraud-detector', 'fraud-detector-'],
  ])('%s accepts %j, rejects %j (whole value)', (java, good, bad) => {
    const translated = translateJavaPattern(java);
    if (!translated.ok) throw new Error(translated.why);
    expect(translated.regex.test(good)).toBe(true);
    expect(translated.regex.test(bad)).toBe(false);
  });

  it('says why when Java syntax has no JS equivalent', () => {
    expect(translateJavaPattern('[a-z&&[^b]]')).toEqual({
      ok: false,
      why: 'class intersection &&',
    });
  });
});
