// Multipart upload with per-part SHA-256 checksums and the same no-overwrite condition as PutObject.
// Any failure aborts the upload so no orphaned parts keep costing storage.
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  type S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { sha256Base64 } from '../sha256.ts';

export interface MultipartTarget {
  readonly Bucket: string;
  readonly Key: string;
  readonly SSEKMSKeyId: string;
  readonly Metadata: Record<string, string>;
}

export async function multipartUpload(
  client: S3Client,
  target: MultipartTarget,
  bytes: Uint8Array,
  partSizeBytes: number,
): Promise<void> {
  const { Bucket, Key } = target;
  const created = await client.send(
    new CreateMultipartUploadCommand({
      ...target,
      ServerSideEncryption: 'aws:kms',
      ChecksumAlgorithm: 'SHA256',
    }),
  );
  const UploadId = created.UploadId!;
  try {
    const parts = [];
    for (let offset = 0, PartNumber = 1; offset < bytes.byteLength; offset += partSizeBytes, PartNumber++) {
      const Body = bytes.subarray(offset, offset + partSizeBytes);
      const ChecksumSHA256 = sha256Base64(Body);
      const uploaded = await client.send(
        new UploadPartCommand({ Bucket, Key, UploadId, PartNumber, Body, ChecksumAlgorithm: 'SHA256', ChecksumSHA256 }),
      );
      parts.push({ PartNumber, ETag: uploaded.ETag, ChecksumSHA256 });
    }
    await client.send(
      new CompleteMultipartUploadCommand({
        Bucket,
        Key,
        UploadId,
        IfNoneMatch: '*',
        MultipartUpload: { Parts: parts },
      }),
    );
  } catch (error) {
    try {
      await client.send(new AbortMultipartUploadCommand({ Bucket, Key, UploadId }));
    } catch {
      // Keep the original failure; a lifecycle rule cleans up uploads that could not be aborted.
    }
    throw error;
  }
}
