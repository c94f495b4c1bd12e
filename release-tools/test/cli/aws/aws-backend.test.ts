import 'aws-sdk-client-mock-vitest/extend';
import { existsSync } from 'node:fs';
import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  type S3ServiceException,
} from '@aws-sdk/client-s3';
import { CreateCompilationJobCommand, CreateModelPackageCommand } from '@aws-sdk/client-sagemaker';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { writeExampleModels } from '../../../../local/src/example-models/index.ts';
import { loadManifest } from '../../../../model-registry/src/domain/manifest/load-manifest.ts';
import { S3ManifestSource } from '../../../src/adapters/aws/s3-manifest-source.ts';
import { S3StateStore } from '../../../src/adapters/aws/s3-state-store.ts';
import { StatePreparedReleases } from '../../../src/adapters/aws/state-prepared-releases.ts';
import { startRollout } from '../../../src/domain/rollout/operations.ts';
import { runMlrelease } from '../run-cli.ts';
import { fakeS3, fakeSageMaker, NEO_INFERENCE_IMAGE, s3Error } from './fake-aws.ts';

const ENV = {
  MLRELEASE_BACKEND: 'aws',
  AWS_REGION: 'eu-west-1',
  STATE_BUCKET: 'state-bkt',
  DATA_BUCKET: 'data-bkt',
  MODELS_PREFIX: 'models/',
  MANIFEST_KEY: 'desired/models.yaml',
  COMPILE_ROLE_ARN: 'arn:aws:iam::111122223333:role/compile',
  DATA_KEY_ARN: 'arn:aws:kms:eu-west-1:111122223333:key/data',
  MLRELEASE_USER: 'pipeline',
  // What the pipeline passes: the stack's serving image ({region} filled in at run time).
  INFERENCE_IMAGE:
    '111122223333.dkr.ecr.{region}.amazonaws.com/cdk-hnb659fds-container-assets-111122223333-{region}:abc',
};

let root: string;
let manifestText: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'cli-aws-'));
  await copyFile(join(import.meta.dirname, '../../../../models.yaml'), join(root, 'models.yaml'));
  await writeExampleModels(root);
  // fraud-detector is compiled by Neo and served as its own variant; churn-scorer keeps the default
  // engine (ONNX Runtime offline optimisation, served by the multi-model endpoint).
  const input = '    input: { name: features, dtype: float32, shape: [-1, 30] }\n';
  const text = await readFile(join(root, 'models.yaml'), 'utf8');
  if (!text.includes(input)) throw new Error('models.yaml changed: fraud-detector input line not found');
  await writeFile(
    join(root, 'models.yaml'),
    text.replace(input, `${input}    compile: { engine: neo }\n    serving: single-model\n`),
  );
  manifestText = await readFile(join(root, 'models.yaml'), 'utf8');
});
afterAll(() => rm(root, { recursive: true, force: true }));

let s3: ReturnType<typeof fakeS3>;
let sagemaker: ReturnType<typeof fakeSageMaker>;
beforeEach(() => {
  s3 = fakeS3();
  sagemaker = fakeSageMaker(s3);
});
afterEach(() => {
  s3.mock.restore();
  sagemaker.mock.restore();
});

const cli = (argv: string[], env: Record<string, string> = ENV) => runMlrelease(argv, root, env);
const stateStore = () => new S3StateStore({ client: new S3Client({ region: 'eu-west-1' }), bucket: 'state-bkt' });

async function seedRollout(model: string): Promise<void> {
  const result = loadManifest(manifestText, 'models.yaml');
  if (!result.ok) throw new Error('fixture models.yaml is invalid');
  const spec = result.manifest.models.find((m) => m.name === model)!;
  await stateStore().put(`rollouts/${model}`, startRollout(undefined, spec, 1_000, 'models.yaml changed'), null);
}

describe('mlrelease --backend aws', () => {
  it('validate reads only the local file and calls no AWS API', async () => {
    const run = await cli(['validate']);

    expect(run).toMatchObject({ code: 0, out: 'models.yaml: valid (2 models)\n' });
    expect(s3.mock.calls()).toHaveLength(0);
    expect(sagemaker.mock.calls()).toHaveLength(0);
  });

  it('plan lists and reads rollout records in the state bucket, where the controller Lambda keeps them', async () => {
    await seedRollout('fraud-detector');

    const run = await cli(['plan', '--json']);

    expect(run.code).toBe(0);
    expect(s3.mock).toHaveReceivedCommandWith(ListObjectsV2Command, { Bucket: 'state-bkt', Prefix: 'state/rollouts/' });
    expect(s3.mock).toHaveReceivedCommandWith(GetObjectCommand, {
      Bucket: 'state-bkt',
      Key: 'state/rollouts/fraud-detector.json',
    });
    expect(JSON.parse(run.out).actions).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ kind: 'in-progress', model: 'fraud-detector' }),
        expect.objectContaining({ kind: 'new', model: 'churn-scorer' }),
      ]),
    );
    expect(existsSync(join(root, '.mlrelease'))).toBe(false);
  });

  it('apply writes models.yaml, comments and all, to STATE_BUCKET/MANIFEST_KEY, which the controller reads back', async () => {
    const run = await cli(['apply']);

    expect(run.code).toBe(0);
    expect(run.out).toContain('Applied models.yaml to s3://state-bkt/desired/models.yaml;');
    expect(s3.mock).toHaveReceivedCommandWith(PutObjectCommand, {
      Bucket: 'state-bkt',
      Key: 'desired/models.yaml',
      Body: manifestText,
      ContentType: 'application/yaml',
      Metadata: { 'applied-by': 'pipeline' },
    });
    expect(s3.mock).toHaveReceivedCommandTimes(PutObjectCommand, 1);
    const desired = await new S3ManifestSource(new S3Client({}), 'state-bkt', 'desired/models.yaml').read();
    expect(desired?.models.map((m) => `${m.name}@${m.version}`)).toEqual([
      'fraud-detector@1.0.0',
      'churn-scorer@1.0.0',
    ]);
  });

  it('register of a Neo model uploads, compiles with Neo, registers the package on the Neo image and records the release', async () => {
    const run = await cli(['register', 'fraud-detector', '--json']);

    expect(run.err).toBe('');
    expect(run.code).toBe(0);
    const out = JSON.parse(run.out);
    const sourceKey = `models/${out.source.key}`;
    expect(out.source.key).toMatch(/^fraud-detector\/1\.0\.0-[0-9a-f]{12}\/model\.onnx$/);
    expect(out.compiled.key).toMatch(/^fraud-detector\/1\.0\.0-[0-9a-f]{12}\/model-ml_c5\.tar\.gz$/);
    expect(s3.mock).toHaveReceivedCommandWith(PutObjectCommand, {
      Bucket: 'data-bkt',
      Key: sourceKey,
      IfNoneMatch: '*',
      ServerSideEncryption: 'aws:kms',
      SSEKMSKeyId: ENV.DATA_KEY_ARN,
    });
    expect(sagemaker.mock).toHaveReceivedCommandWith(CreateCompilationJobCommand, {
      RoleArn: ENV.COMPILE_ROLE_ARN,
      // Neo reads a tar.gz of the model, packaged and stored content-addressed next to the source.
      InputConfig: expect.objectContaining({
        S3Uri: expect.stringMatching(/^s3:\/\/data-bkt\/models\/fraud-detector\/1\.0\.0-[0-9a-f]{12}\/model\.tar\.gz$/),
        Framework: 'ONNX',
      }),
      OutputConfig: {
        S3OutputLocation: 's3://data-bkt/models/neo-output/fraud-detector/1.0.0/',
        TargetDevice: 'ml_c5',
        KmsKeyId: ENV.DATA_KEY_ARN,
      },
    });
    expect(sagemaker.mock).toHaveReceivedCommandWith(CreateModelPackageCommand, {
      ModelPackageGroupName: 'fraud-detector',
      ModelApprovalStatus: 'PendingManualApproval',
      InferenceSpecification: expect.objectContaining({
        Containers: [
          {
            // The image the compilation job named, not the multi-model endpoint's container.
            Image: NEO_INFERENCE_IMAGE,
            ModelDataUrl: `s3://data-bkt/models/${out.compiled.key}`,
          },
        ],
        SupportedRealtimeInferenceInstanceTypes: ['ml.c5.xlarge'],
      }),
    });
    const releaseWrite = { Bucket: 'state-bkt', Key: 'state/releases/fraud-detector/1.0.0.json', IfNoneMatch: '*' };
    expect(s3.mock).toHaveReceivedCommandWith(PutObjectCommand, releaseWrite);
    // Compile, then register, then hand over: the controller never sees an unregistered version.
    const order = [
      callId(sagemaker.mock.commandCalls(CreateCompilationJobCommand)[0]),
      callId(sagemaker.mock.commandCalls(CreateModelPackageCommand)[0]),
      callId(s3.mock.commandCalls(PutObjectCommand, releaseWrite)[0]),
    ];
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(out.recordedAt).toBe('s3://state-bkt/state/releases/fraud-detector/1.0.0.json');
    const spec = { name: 'fraud-detector', version: '1.0.0' } as Parameters<StatePreparedReleases['prepare']>[0];
    // Served as its own production variant: the controller routes it by TargetVariant.
    expect(await new StatePreparedReleases(stateStore()).prepare(spec)).toEqual({
      targetModel: out.compiled.key,
      sha256: out.compiled.sha256,
      targetVariant: `fraud-detector-1-0-0-${out.compiled.sha256.slice(0, 12)}`,
      // What the controller creates that variant from: Neo's image, on the endpoint's instance type.
      variant: { image: NEO_INFERENCE_IMAGE, instanceType: 'ml.c5.xlarge' },
    });
  });

  it('register of a default model compiles with ONNX Runtime in the build: no Neo job, the MME serving image', async () => {
    const run = await cli(['register', 'churn-scorer', '--json']);

    expect(run.err).toBe('');
    expect(run.code).toBe(0);
    const out = JSON.parse(run.out);
    expect(out.compiled.key).toMatch(/^churn-scorer\/1\.0\.0-[0-9a-f]{12}\/model\.optimized\.onnx$/);
    expect(out.report).toMatchObject({ compiler: 'onnxruntime', target: 'ml_c5', outputsEqual: true });
    expect(sagemaker.mock).toHaveReceivedCommandTimes(CreateCompilationJobCommand, 0);
    expect(sagemaker.mock).toHaveReceivedCommandWith(CreateModelPackageCommand, {
      InferenceSpecification: expect.objectContaining({
        Containers: [
          {
            Image:
              '111122223333.dkr.ecr.eu-west-1.amazonaws.com/cdk-hnb659fds-container-assets-111122223333-eu-west-1:abc',
            ModelDataUrl: `s3://data-bkt/models/${out.compiled.key}`,
          },
        ],
      }),
    });
    expect(s3.mock).toHaveReceivedCommandWith(PutObjectCommand, {
      Bucket: 'data-bkt',
      Key: expect.stringMatching(/^models\/churn-scorer\/1\.0\.0-[0-9a-f]{12}\/compiled-onnxruntime-ml_c5\.json$/),
    });
  });

  it('register after the Compile stage re-uses its result, with a role that may neither compile nor upload', async () => {
    expect((await cli(['compile', 'fraud-detector'])).code).toBe(0);
    sagemaker.mock.on(CreateCompilationJobCommand).rejects(accessDenied());
    s3.mock.on(PutObjectCommand, { Bucket: 'data-bkt' }).rejects(accessDenied());

    const run = await cli(['register', 'fraud-detector']);

    expect(run.err).toBe('');
    expect(run.code).toBe(0);
    expect(run.out).toMatch(/fraud-detector 1\.0\.0 compiled for ml_c5 \(sagemaker-neo\)/);
    expect(run.out).toContain(
      'release recorded for the controller at s3://state-bkt/state/releases/fraud-detector/1.0.0.json',
    );
    expect(sagemaker.jobs.size).toBe(1);
    expect(sagemaker.mock).toHaveReceivedCommandTimes(CreateModelPackageCommand, 1);
  });

  it('register again changes nothing and writes the hand-over only once', async () => {
    await cli(['register', 'fraud-detector']);

    const again = await cli(['register', 'fraud-detector']);

    expect(again.code).toBe(0);
    expect(again.out).toContain('fraud-detector 1.0.0 already registered: PendingManualApproval');
    expect(sagemaker.mock).toHaveReceivedCommandTimes(CreateModelPackageCommand, 1);
    expect(
      s3.mock.commandCalls(PutObjectCommand, { Bucket: 'state-bkt', Key: 'state/releases/fraud-detector/1.0.0.json' }),
    ).toHaveLength(1);
  });

  it('status shows the rollouts recorded in S3', async () => {
    await seedRollout('fraud-detector');

    const run = await cli(['status']);

    expect(run.code).toBe(0);
    expect(run.out).toContain('fraud-detector  Pending');
    expect(s3.mock).toHaveReceivedCommandWith(GetObjectCommand, {
      Bucket: 'state-bkt',
      Key: 'state/rollouts/fraud-detector.json',
    });
  });

  it('promote records the intent in the state bucket with a create-only conditional write', async () => {
    await seedRollout('fraud-detector');

    const run = await cli(['promote', 'fraud-detector', '--full']);

    expect(run.code).toBe(0);
    expect(s3.mock).toHaveReceivedCommandWith(PutObjectCommand, {
      Bucket: 'state-bkt',
      Key: 'state/intents/fraud-detector.json',
      IfNoneMatch: '*',
    });
    const log = JSON.parse(s3.text('state-bkt/state/intents/fraud-detector.json')!);
    expect(log.intents).toEqual([expect.objectContaining({ seq: 1, type: 'promote', full: true, who: 'pipeline' })]);
  });

  it('--aws selects the AWS backend without MLRELEASE_BACKEND', async () => {
    const { MLRELEASE_BACKEND: _, ...env } = ENV;

    const run = await cli(['status', '--aws'], env);

    expect(run).toMatchObject({ code: 0, out: 'no rollouts yet\n' });
    expect(s3.mock).toHaveReceivedCommandWith(ListObjectsV2Command, { Bucket: 'state-bkt' });
  });
});

/** Sinon numbers every spy call globally, so ids order calls across the two mocked clients. */
const callId = (call: unknown): number => (call as { callId: number }).callId;

function accessDenied(): S3ServiceException {
  return s3Error('AccessDenied', 403, 'Access Denied');
}

describe('mlrelease --backend aws failures', () => {
  it('AccessDenied on the state bucket exits 1 naming the bucket, the error and where to look', async () => {
    s3.mock.on(ListObjectsV2Command).rejects(accessDenied());

    const run = await cli(['status']);

    expect(run.code).toBe(1);
    expect(run.err).toContain('error: listing rollouts/ in s3://state-bkt/state/: AccessDenied: Access Denied\n');
    expect(run.err).toContain('hint: AWS refused the request');
  });

  it('AccessDenied writing the desired manifest exits 1 and says so', async () => {
    s3.mock.on(PutObjectCommand).rejects(accessDenied());

    const run = await cli(['apply']);

    expect(run.code).toBe(1);
    expect(run.err).toMatch(/^error: AccessDenied: Access Denied\nhint: AWS refused the request/);
  });

  it.each([
    ['STATE_BUCKET', 'status'],
    ['DATA_BUCKET', 'compile fraud-detector'],
    ['COMPILE_ROLE_ARN', 'compile fraud-detector'],
    ['DATA_KEY_ARN', 'register fraud-detector'],
  ])('without %s, `%s` names the missing variable and exits 1', async (variable, command) => {
    const { [variable as keyof typeof ENV]: _, ...env } = ENV;

    const run = await cli(command.split(' '), env);

    expect(run.code).toBe(1);
    expect(run.err).toContain(`error: missing environment variable ${variable}: `);
    expect(s3.mock.calls()).toHaveLength(0);
  });

  it('rejects an unknown MLRELEASE_BACKEND before any command runs, rather than falling back to local', async () => {
    const run = await cli(['status'], { ...ENV, MLRELEASE_BACKEND: 'gcp' });

    expect(run).toEqual({
      code: 2,
      out: '',
      err: '--backend (or MLRELEASE_BACKEND): expected local or aws, got gcp\nRun mlrelease --help for usage.\n',
    });
  });

  it('refuses to run the controller loop against AWS, where the Lambda runs it', async () => {
    const run = await cli(['controller', 'run', '--once']);

    expect(run.code).toBe(2);
    expect(run.err).toContain('on AWS the controller runs as a Lambda');
  });
});
