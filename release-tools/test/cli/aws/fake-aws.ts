// In-memory S3 and SageMaker behind aws-sdk-client-mock, mocked at the class so the CLI's AWS
// backend (which builds its own clients) talks to them. Enough semantics for the CLI's commands:
// conditional writes and ETags, paginated listing, Neo jobs that complete, model packages.
import {
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import {
  CreateCompilationJobCommand,
  CreateModelPackageCommand,
  CreateModelPackageGroupCommand,
  DescribeCompilationJobCommand,
  DescribeModelPackageCommand,
  DescribeModelPackageGroupCommand,
  ListModelPackagesCommand,
  SageMakerClient,
  SageMakerServiceException,
} from '@aws-sdk/client-sagemaker';
import { mockClient } from 'aws-sdk-client-mock';

export function s3Error(name: string, httpStatusCode: number, message = name) {
  return new S3ServiceException({ name, $fault: 'client', $metadata: { httpStatusCode }, message });
}

const sageMakerError = (name: string) =>
  new SageMakerServiceException({ name, $fault: 'client', $metadata: { httpStatusCode: 400 }, message: name });

interface StoredObject {
  readonly body: Uint8Array;
  readonly etag: string;
  readonly metadata: Record<string, string>;
}

const bytesOf = (body: unknown): Uint8Array =>
  typeof body === 'string' ? new TextEncoder().encode(body) : new Uint8Array(body as Uint8Array);

export function fakeS3() {
  const objects = new Map<string, StoredObject>();
  let etags = 0;
  const mock = mockClient(S3Client);
  const find = (bucket: string | undefined, key: string | undefined) => objects.get(`${bucket}/${key}`);
  mock.on(GetObjectCommand).callsFake(async ({ Bucket, Key }) => {
    const o = find(Bucket, Key);
    if (!o) throw s3Error('NoSuchKey', 404, 'The specified key does not exist.');
    return {
      ETag: o.etag,
      Body: {
        transformToString: async () => new TextDecoder().decode(o.body),
        transformToByteArray: async () => o.body,
      },
    };
  });
  mock.on(HeadObjectCommand).callsFake(async ({ Bucket, Key }) => {
    const o = find(Bucket, Key);
    if (!o) throw s3Error('NotFound', 404);
    return { ETag: o.etag, Metadata: o.metadata, ContentLength: o.body.byteLength };
  });
  mock.on(PutObjectCommand).callsFake(async (input) => {
    const current = find(input.Bucket, input.Key);
    if (input.IfNoneMatch === '*' && current) throw s3Error('PreconditionFailed', 412);
    if (input.IfMatch !== undefined && current?.etag !== input.IfMatch)
      throw current ? s3Error('PreconditionFailed', 412) : s3Error('NoSuchKey', 404);
    const etag = `"etag-${++etags}"`;
    objects.set(`${input.Bucket}/${input.Key}`, { body: bytesOf(input.Body), etag, metadata: input.Metadata ?? {} });
    return { ETag: etag };
  });
  mock.on(ListObjectsV2Command).callsFake(async ({ Bucket, Prefix = '', StartAfter }) => ({
    Contents: [...objects.keys()]
      .filter((k) => k.startsWith(`${Bucket}/${Prefix}`) && (StartAfter === undefined || k > `${Bucket}/${StartAfter}`))
      .sort()
      .map((k) => ({ Key: k.slice(`${Bucket}/`.length) })),
    IsTruncated: false,
  }));
  const put = (uri: string, body: string | Uint8Array) =>
    objects.set(uri.replace(/^s3:\/\//, ''), { body: bytesOf(body), etag: `"etag-${++etags}"`, metadata: {} });
  const text = (path: string) => {
    const o = objects.get(path);
    return o ? new TextDecoder().decode(o.body) : undefined;
  };
  return { mock, objects, put, text };
}

/** Neo jobs complete on the first Describe, writing `compiled:<source uri>` to their output. */
/** The image DescribeCompilationJob names for an ml_c5 ONNX compilation (a Neo image in eu-west-1). */
export const NEO_INFERENCE_IMAGE = '763104351884.dkr.ecr.eu-west-1.amazonaws.com/sagemaker-neo-onnx:1.5-inf-py3';

export function fakeSageMaker(s3: ReturnType<typeof fakeS3>) {
  const mock = mockClient(SageMakerClient);
  const jobs = new Map<string, string>();
  const groups = new Set<string>();
  const packages: { arn: string; group: string; input: Record<string, unknown> }[] = [];
  mock.on(CreateCompilationJobCommand).callsFake(async (input) => {
    if (jobs.has(input.CompilationJobName!)) throw sageMakerError('ResourceInUse');
    const output = `${input.OutputConfig!.S3OutputLocation}model-${input.OutputConfig!.TargetDevice}.tar.gz`;
    s3.put(output, `compiled:${input.InputConfig!.S3Uri}`);
    jobs.set(input.CompilationJobName!, output);
    return {
      CompilationJobArn: `arn:aws:sagemaker:eu-west-1:111122223333:compilation-job/${input.CompilationJobName}`,
    };
  });
  mock.on(DescribeCompilationJobCommand).callsFake(async ({ CompilationJobName }) => ({
    CompilationJobStatus: 'COMPLETED',
    ModelArtifacts: { S3ModelArtifacts: jobs.get(CompilationJobName!) },
    InferenceImage: NEO_INFERENCE_IMAGE,
  }));
  mock.on(DescribeModelPackageGroupCommand).callsFake(async ({ ModelPackageGroupName }) => {
    if (!groups.has(ModelPackageGroupName!)) throw sageMakerError('ValidationException');
    return { ModelPackageGroupName };
  });
  mock.on(CreateModelPackageGroupCommand).callsFake(async ({ ModelPackageGroupName }) => {
    groups.add(ModelPackageGroupName!);
    return { ModelPackageGroupArn: `arn:group/${ModelPackageGroupName}` };
  });
  mock.on(ListModelPackagesCommand).callsFake(async ({ ModelPackageGroupName }) => {
    if (!groups.has(ModelPackageGroupName!)) throw sageMakerError('ValidationException');
    return {
      ModelPackageSummaryList: packages
        .filter((p) => p.group === ModelPackageGroupName)
        .map((p) => ({ ModelPackageArn: p.arn })),
    };
  });
  mock.on(DescribeModelPackageCommand).callsFake(async ({ ModelPackageName }) => {
    const p = packages.find((x) => x.arn === ModelPackageName)!;
    return { ...p.input, ModelPackageArn: p.arn };
  });
  mock.on(CreateModelPackageCommand).callsFake(async (input) => {
    const arn = `arn:aws:sagemaker:eu-west-1:111122223333:model-package/${input.ModelPackageGroupName}/${packages.length + 1}`;
    packages.push({ arn, group: input.ModelPackageGroupName!, input: input as Record<string, unknown> });
    return { ModelPackageArn: arn };
  });
  return { mock, jobs, packages };
}
