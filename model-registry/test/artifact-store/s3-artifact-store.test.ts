import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  HeadObjectCommand,
  PutObjectCommand,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import 'aws-sdk-client-mock-vitest/extend';
import { describe, expect, it } from 'vitest';
import { S3ArtifactStore } from '../../src/adapters/aws/s3-artifact-store.ts';
import { sha256Base64, sha256Hex } from '../../src/adapters/sha256.ts';
import { ArtifactStoreError } from '../../src/ports/artifact-errors.ts';
import { artifactStoreContract } from './artifact-store.contract.ts';
import { fakeS3, s3Error } from './fake-s3.ts';

const BUCKET = 'artifacts-bucket';
const KMS = 'arn:aws:kms:eu-west-1:111122223333:key/abc';
const MiB = 1024 * 1024;

function newStore(options: { multipartThresholdBytes?: number; partSizeBytes?: number } = {}) {
  const s3 = fakeS3();
  const store = new S3ArtifactStore({
    client: s3.client,
    bucket: BUCKET,
    kmsKeyId: KMS,
    prefix: 'models/',
    ...options,
  });
  return { ...s3, store };
}

artifactStoreContract('S3ArtifactStore', async () => {
  const { store, objects } = newStore();
  return {
    store,
    overwrite: async (key, bytes) => {
      objects.set(`models/${key}`, { body: bytes, metadata: { sha256: sha256Hex(bytes) } });
    },
  };
});

describe('S3ArtifactStore', () => {
  const body = new TextEncoder().encode('model-bytes');
  const sha = sha256Hex(body);
  const key = `fraud-detector/1.0.0-${sha.slice(0, 12)}/model.onnx`;

  it('puts with SSE-KMS, IfNoneMatch and a SHA-256 checksum', async () => {
    const { store, mock } = newStore();

    await store.put('fraud-detector', '1.0.0', 'model.onnx', body);

    expect(mock).toHaveReceivedCommandTimes(PutObjectCommand, 1);
    expect(mock).toHaveReceivedCommandWith(PutObjectCommand, {
      Bucket: BUCKET,
      Key: `models/${key}`,
      Body: body,
      ServerSideEncryption: 'aws:kms',
      SSEKMSKeyId: KMS,
      IfNoneMatch: '*',
      ChecksumAlgorithm: 'SHA256',
      ChecksumSHA256: sha256Base64(body),
      Metadata: { sha256: sha },
    });
  });

  it('on 412 compares the stored hash and accepts the same bytes without rewriting', async () => {
    const { store, mock } = newStore();
    await store.put('fraud-detector', '1.0.0', 'model.onnx', body);

    const ref = await store.put('fraud-detector', '1.0.0', 'model.onnx', body);

    expect(ref.key).toBe(key);
    expect(mock).toHaveReceivedCommandWith(HeadObjectCommand, { Bucket: BUCKET, Key: `models/${key}` });
  });

  it('wraps access denied with the bucket, key and cause', async () => {
    const { store, mock } = newStore();
    const denied = s3Error('AccessDenied', 403);
    mock.on(PutObjectCommand).rejects(denied);

    const attempt = store.put('fraud-detector', '1.0.0', 'model.onnx', body);

    await expect(attempt).rejects.toBeInstanceOf(ArtifactStoreError);
    await expect(attempt).rejects.toThrow(`s3://${BUCKET}/models/${key}: AccessDenied`);
    await expect(attempt).rejects.toHaveProperty('cause', denied);
  });

  it('access denied on get and exists is an ArtifactStoreError, not "missing"', async () => {
    const { store, mock } = newStore();
    mock.on(HeadObjectCommand).rejects(s3Error('Forbidden', 403));

    await expect(store.exists(key)).rejects.toBeInstanceOf(ArtifactStoreError);
  });

  it('uploads large files in parts with per-part checksums and completes with IfNoneMatch', async () => {
    const { store, mock } = newStore({ multipartThresholdBytes: 6 * MiB, partSizeBytes: 5 * MiB });
    const large = new Uint8Array(11 * MiB).map((_, i) => i % 251);

    const ref = await store.put('fraud-detector', '2.0.0', 'model.onnx', large);

    expect(mock).toHaveReceivedCommandTimes(PutObjectCommand, 0);
    expect(mock).toHaveReceivedCommandWith(CreateMultipartUploadCommand, {
      Bucket: BUCKET,
      Key: `models/${ref.key}`,
      ServerSideEncryption: 'aws:kms',
      SSEKMSKeyId: KMS,
      ChecksumAlgorithm: 'SHA256',
      Metadata: { sha256: ref.sha256 },
    });
    expect(mock).toHaveReceivedCommandTimes(UploadPartCommand, 3);
    expect(mock).toHaveReceivedNthCommandWith(UploadPartCommand, 3, {
      PartNumber: 3,
      ChecksumAlgorithm: 'SHA256',
      ChecksumSHA256: sha256Base64(large.subarray(10 * MiB)),
    });
    expect(mock).toHaveReceivedCommandWith(CompleteMultipartUploadCommand, {
      IfNoneMatch: '*',
      MultipartUpload: {
        Parts: [1, 2, 3].map((n) => ({
          PartNumber: n,
          ETag: `"part-${n}"`,
          ChecksumSHA256: sha256Base64(large.subarray((n - 1) * 5 * MiB, n * 5 * MiB)),
        })),
      },
    });
    expect(sha256Hex(await store.get(ref.key))).toBe(sha256Hex(large));
  });

  it('aborts the multipart upload when a part fails', async () => {
    const { store, mock, uploads } = newStore({ multipartThresholdBytes: 6 * MiB, partSizeBytes: 5 * MiB });
    mock.on(UploadPartCommand).rejects(s3Error('InternalError', 500));

    await expect(store.put('fraud-detector', '2.0.0', 'model.onnx', new Uint8Array(7 * MiB))).rejects.toBeInstanceOf(
      ArtifactStoreError,
    );

    expect(mock).toHaveReceivedCommandWith(AbortMultipartUploadCommand, { Bucket: BUCKET, UploadId: 'upload-1' });
    expect(uploads.size).toBe(0);
  });
});
