import {
  CreateCompilationJobCommand,
  DescribeCompilationJobCommand,
  SageMakerClient,
  SageMakerServiceException,
  StopCompilationJobCommand,
} from '@aws-sdk/client-sagemaker';
import { mockClient } from 'aws-sdk-client-mock';
import { oneInput } from '../support/one-input.ts';
import 'aws-sdk-client-mock-vitest/extend';
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { NeoCompiler } from '../../src/adapters/aws/neo-compiler.ts';
import { DirArtifactStore } from '../../src/adapters/local/dir-artifact-store.ts';
import { CompilationFailedError, CompilationTimeoutError, type CompileRequest } from '../../src/ports/compiler.ts';
import { compilerContract } from './compiler.contract.ts';

const ROLE = 'arn:aws:iam::111122223333:role/neo';
const KMS = 'arn:aws:kms:eu-west-1:111122223333:key/abc';
const NEO_IMAGE = '763104351884.dkr.ecr.eu-west-1.amazonaws.com/sagemaker-neo-onnx:1.5-inf-py3';
const roots: string[] = [];
afterAll(async () => {
  for (const root of roots) await rm(root, { recursive: true, force: true });
});

/** The job name Neo sees for attempt n of fraud-detector 1.0.0, written out (not built by the code under test). */
const jobName = (request: CompileRequest, attempt: number) =>
  `fraud-detector-1-0-0-${request.source.sha256.slice(0, 12)}-${attempt}`;

function serviceError(name: string) {
  return new SageMakerServiceException({ name, $fault: 'client', $metadata: { httpStatusCode: 400 }, message: name });
}

/** Jobs progress one status per Describe; an archive containing "broken" fails like Neo would. */
async function setup(overrides: { timeoutMs?: number; targetPlatform?: { Os: 'LINUX'; Arch: 'X86_64' } } = {}) {
  const root = await mkdtemp(join(tmpdir(), 'neo-'));
  roots.push(root);
  const artifacts = new DirArtifactStore(root);
  const client = new SageMakerClient({ region: 'eu-west-1', credentials: { accessKeyId: 'a', secretAccessKey: 'b' } });
  const mock = mockClient(client);
  const jobs = new Map<string, { polls: number; broken: boolean }>();
  mock.on(CreateCompilationJobCommand).callsFake(async (input) => {
    if (jobs.has(input.CompilationJobName)) throw serviceError('ResourceInUse');
    // Neo reads the archive the job names: so does the fake.
    const archive = gunzipSync(await artifacts.get(input.InputConfig.S3Uri.replace('s3://models-bucket/', '')));
    jobs.set(input.CompilationJobName, { polls: 0, broken: archive.includes('broken') });
    return { CompilationJobArn: `arn:neo/${input.CompilationJobName}` };
  });
  mock.on(DescribeCompilationJobCommand).callsFake(async (input) => {
    const job = jobs.get(input.CompilationJobName);
    if (!job) throw serviceError('ResourceNotFound');
    job.polls++;
    if (job.polls < 3) return { CompilationJobStatus: job.polls === 1 ? 'STARTING' : 'INPROGRESS' };
    if (job.broken)
      return { CompilationJobStatus: 'FAILED', FailureReason: 'ClientError: InputConfiguration: no valid ONNX model' };
    return {
      CompilationJobStatus: 'COMPLETED',
      ModelArtifacts: { S3ModelArtifacts: `s3://out/${input.CompilationJobName}.tar.gz` },
      InferenceImage: NEO_IMAGE,
    };
  });
  mock.on(StopCompilationJobCommand).resolves({});
  let clock = 0;
  const sleeps: number[] = [];
  const compiler = new NeoCompiler({
    client,
    roleArn: ROLE,
    artifacts,
    kmsKeyId: KMS,
    sourceUriOf: (ref) => `s3://models-bucket/${ref.key}`,
    outputS3Uri: 's3://models-bucket/neo-output/',
    readOutput: async (uri) => new TextEncoder().encode(`compiled:${uri}`),
    pollMs: 1000,
    maxPollMs: 4000,
    timeoutMs: 60_000,
    now: () => clock,
    sleep: async (ms) => {
      sleeps.push(ms);
      clock += ms;
    },
    ...overrides,
  });
  const request = async (version: string, bytes: string): Promise<CompileRequest> => ({
    model: 'fraud-detector',
    version,
    source: await artifacts.put(
      'fraud-detector',
      version,
      bytes.includes('broken') ? 'broken.onnx' : 'model.onnx',
      new TextEncoder().encode(bytes),
    ),
    framework: 'onnx',
    signature: oneInput('features', 'float32', [-1, 30], 64),
    target: 'ml_c5',
    engine: 'neo',
  });
  return { compiler, artifacts, mock, request, sleeps, jobs };
}

compilerContract('NeoCompiler', async () => {
  const { compiler, artifacts, request } = await setup();
  return {
    compiler,
    artifacts,
    good: await request('1.0.0', 'onnx-bytes'),
    rejected: await request('1.1.0', 'broken'),
  };
});

describe('NeoCompiler', () => {
  it('creates the job with the framework, data input config, target, KMS key and stopping condition', async () => {
    const { compiler, mock, request } = await setup();
    const good = await request('1.0.0', 'onnx-bytes');

    const { report } = await compiler.compile(good);

    expect(mock).toHaveReceivedCommandWith(CreateCompilationJobCommand, {
      CompilationJobName: `fraud-detector-1-0-0-${good.source.sha256.slice(0, 12)}-1`,
      RoleArn: ROLE,
      InputConfig: {
        S3Uri: expect.stringMatching(/^s3:\/\/models-bucket\/fraud-detector\/1\.0\.0-[0-9a-f]{12}\/model\.tar\.gz$/),
        DataInputConfig: '{"features":[64,30]}',
        Framework: 'ONNX',
      },
      OutputConfig: {
        S3OutputLocation: 's3://models-bucket/neo-output/fraud-detector/1.0.0/',
        TargetDevice: 'ml_c5',
        KmsKeyId: KMS,
      },
      StoppingCondition: { MaxRuntimeInSeconds: 900 },
    });
    expect(report).toMatchObject({
      compiler: 'sagemaker-neo',
      jobName: expect.stringMatching(/^fraud-detector-1-0-0-/),
    });
  });

  it('reports the InferenceImage DescribeCompilationJob returns and the target, to serve the version on', async () => {
    const { compiler, request } = await setup();

    const { report } = await compiler.compile(await request('1.0.0', 'onnx-bytes'));

    expect(report).toMatchObject({ inferenceImage: NEO_IMAGE, target: 'ml_c5' });
  });

  it('fails a completed job that names no InferenceImage: the version could not be served', async () => {
    const { compiler, mock, request } = await setup();
    mock.on(DescribeCompilationJobCommand).resolves({
      CompilationJobStatus: 'COMPLETED',
      ModelArtifacts: { S3ModelArtifacts: 's3://out/x.tar.gz' },
    });

    await expect(compiler.compile(await request('1.0.0', 'onnx-bytes'))).rejects.toThrow(
      /completed without an InferenceImage/,
    );
  });

  it('gives Neo a gzip-compressed tar holding the model file, stored content-addressed', async () => {
    const { compiler, mock, request, artifacts } = await setup();
    const good = await request('1.0.0', 'onnx-bytes');

    await compiler.compile(good);

    const uri = mock.commandCalls(CreateCompilationJobCommand)[0]!.args[0].input.InputConfig!.S3Uri!;
    const archive = await artifacts.get(uri.replace('s3://models-bucket/', ''));
    const dir = await mkdtemp(join(tmpdir(), 'neo-tar-'));
    roots.push(dir);
    await writeFile(join(dir, 'model.tar.gz'), archive);
    const listing = spawnSync('tar', ['-tzvf', join(dir, 'model.tar.gz')], { encoding: 'utf8' });
    const content = spawnSync('tar', ['-xzOf', join(dir, 'model.tar.gz'), 'model.onnx'], { encoding: 'utf8' });
    expect(listing.status).toBe(0);
    expect(listing.stdout).toMatch(/model\.onnx/);
    expect(content.stdout).toBe('onnx-bytes');
  });

  it('uses TargetPlatform instead of TargetDevice when configured', async () => {
    const { compiler, mock, request } = await setup({ targetPlatform: { Os: 'LINUX', Arch: 'X86_64' } });

    await compiler.compile(await request('1.0.0', 'onnx-bytes'));

    const input = mock.commandCalls(CreateCompilationJobCommand)[0]!.args[0].input;
    expect(input.OutputConfig).toEqual({
      S3OutputLocation: 's3://models-bucket/neo-output/fraud-detector/1.0.0/',
      TargetPlatform: { Os: 'LINUX', Arch: 'X86_64' },
      KmsKeyId: KMS,
    });
  });

  it('polls DescribeCompilationJob with doubling delays capped at maxPollMs', async () => {
    const { compiler, mock, request, sleeps } = await setup();

    await compiler.compile(await request('1.0.0', 'onnx-bytes'));

    expect(mock).toHaveReceivedCommandTimes(DescribeCompilationJobCommand, 3);
    expect(sleeps).toEqual([1000, 2000]);
  });

  it('surfaces FailureReason as CompilationFailedError', async () => {
    const { compiler, request } = await setup();

    await expect(compiler.compile(await request('1.1.0', 'broken'))).rejects.toThrow(
      'compiling fraud-detector failed: ClientError: InputConfiguration: no valid ONNX model',
    );
  });

  it('stops the job and fails with CompilationTimeoutError when it outlives the timeout', async () => {
    const { compiler, mock, request, sleeps } = await setup({ timeoutMs: 5000 });
    mock.on(DescribeCompilationJobCommand).resolves({ CompilationJobStatus: 'INPROGRESS' });
    const good = await request('1.0.0', 'onnx-bytes');

    await expect(compiler.compile(good)).rejects.toBeInstanceOf(CompilationTimeoutError);

    expect(sleeps).toEqual([1000, 2000, 2000]);
    expect(mock).toHaveReceivedCommandWith(StopCompilationJobCommand, {
      CompilationJobName: `fraud-detector-1-0-0-${good.source.sha256.slice(0, 12)}-1`,
    });
  });

  it('reports access denied as a failure to start the job, keeping the cause', async () => {
    const { compiler, mock, request } = await setup();
    const denied = serviceError('AccessDeniedException');
    mock.on(CreateCompilationJobCommand).rejects(denied);

    const attempt = compiler.compile(await request('1.0.0', 'onnx-bytes'));

    await expect(attempt).rejects.toBeInstanceOf(CompilationFailedError);
    await expect(attempt).rejects.toThrow(/could not start .*AccessDeniedException/);
    await expect(attempt).rejects.toHaveProperty('cause', denied);
    expect(mock).toHaveReceivedCommandTimes(DescribeCompilationJobCommand, 0);
  });

  it.each(['FAILED', 'STOPPED'])('starts attempt 2 when an earlier run left attempt 1 %s', async (status) => {
    const { compiler, mock, request, jobs } = await setup();
    const good = await request('1.0.0', 'onnx-bytes');
    jobs.set(jobName(good, 1), { polls: 0, broken: true });
    mock.on(DescribeCompilationJobCommand, { CompilationJobName: jobName(good, 1) }).resolves({
      CompilationJobStatus: status as 'FAILED',
    });

    const result = await compiler.compile(good);

    expect(mock.commandCalls(CreateCompilationJobCommand).map((c) => c.args[0].input.CompilationJobName)).toEqual([
      jobName(good, 1),
      jobName(good, 2),
    ]);
    expect(result.report.jobName).toBe(jobName(good, 2));
  });

  it('waits for the attempt a previous run left in progress instead of starting another', async () => {
    const { compiler, mock, request, jobs } = await setup();
    const good = await request('1.0.0', 'onnx-bytes');
    jobs.set(jobName(good, 1), { polls: 0, broken: false });

    const result = await compiler.compile(good);

    expect(mock).toHaveReceivedCommandTimes(CreateCompilationJobCommand, 1);
    expect(result.report.jobName).toBe(jobName(good, 1));
  });
});
