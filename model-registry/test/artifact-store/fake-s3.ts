// An in-memory bucket behind aws-sdk-client-mock, honouring IfNoneMatch and multipart uploads, so the
// S3 adapter can run the same contract suite as the directory adapter.
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';

export function s3Error(name: string, httpStatusCode: number): S3ServiceException {
  return new S3ServiceException({ name, $fault: 'client', $metadata: { httpStatusCode }, message: name });
}

interface StoredObject {
  readonly body: Uint8Array;
  readonly metadata: Record<string, string>;
}

export function fakeS3() {
  const objects = new Map<string, StoredObject>();
  const uploads = new Map<string, { key: string; metadata: Record<string, string>; parts: Map<number, Uint8Array> }>();
  const client = new S3Client({ region: 'eu-west-1', credentials: { accessKeyId: 'a', secretAccessKey: 'b' } });
  const mock = mockClient(client);
  let uploadCounter = 0;

  mock.on(PutObjectCommand).callsFake(async (input) => {
    if (input.IfNoneMatch === '*' && objects.has(input.Key)) throw s3Error('PreconditionFailed', 412);
    objects.set(input.Key, { body: new Uint8Array(input.Body), metadata: input.Metadata ?? {} });
    return { ETag: '"etag"' };
  });
  mock.on(HeadObjectCommand).callsFake(async (input) => {
    const object = objects.get(input.Key);
    if (!object) throw s3Error('NotFound', 404);
    return { Metadata: object.metadata, ContentLength: object.body.byteLength };
  });
  mock.on(GetObjectCommand).callsFake(async (input) => {
    const object = objects.get(input.Key);
    if (!object) throw s3Error('NoSuchKey', 404);
    return { Body: { transformToByteArray: async () => object.body } };
  });
  mock.on(CreateMultipartUploadCommand).callsFake(async (input) => {
    const UploadId = `upload-${++uploadCounter}`;
    uploads.set(UploadId, { key: input.Key, metadata: input.Metadata ?? {}, parts: new Map() });
    return { UploadId };
  });
  mock.on(UploadPartCommand).callsFake(async (input) => {
    uploads.get(input.UploadId)!.parts.set(input.PartNumber, new Uint8Array(input.Body));
    return { ETag: `"part-${input.PartNumber}"` };
  });
  mock.on(CompleteMultipartUploadCommand).callsFake(async (input) => {
    const upload = uploads.get(input.UploadId)!;
    if (input.IfNoneMatch === '*' && objects.has(input.Key)) throw s3Error('PreconditionFailed', 412);
    const parts = [...upload.parts.entries()].sort(([a], [b]) => a - b).map(([, bytes]) => bytes);
    objects.set(input.Key, { body: new Uint8Array(Buffer.concat(parts)), metadata: upload.metadata });
    uploads.delete(input.UploadId);
    return {};
  });
  mock.on(AbortMultipartUploadCommand).callsFake(async (input) => {
    uploads.delete(input.UploadId);
    return {};
  });
  return { client, mock, objects, uploads };
}
