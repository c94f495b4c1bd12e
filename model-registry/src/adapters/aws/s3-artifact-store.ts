// ArtifactStore on S3: SSE-KMS, SHA-256 checksums, and `IfNoneMatch: '*'` so a key is written once.
// When the key already exists, the stored hash decides: same bytes is a no-op, different is a conflict.
import {
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  S3Client,
  type S3ClientConfig,
} from '@aws-sdk/client-s3';
import { artifactKey, parseArtifactKey } from '../../domain/artifact-key.ts';
import {
  ArtifactConflictError,
  ArtifactCorruptError,
  ArtifactNotFoundError,
  ArtifactStoreError,
} from '../../ports/artifact-errors.ts';
import type { ArtifactRef, ArtifactStore } from '../../ports/artifact-store.ts';
import { sha256Base64, sha256Hex } from '../sha256.ts';
import { isConditionFailed, isNotFound } from './s3-errors.ts';
import { multipartUpload } from './s3-multipart-upload.ts';

const MiB = 1024 * 1024;

interface S3ArtifactStoreOptions {
  readonly bucket: string;
  /** KMS key for SSE-KMS on every object. */
  readonly kmsKeyId: string;
  /** Prefix before the artifact key, e.g. `models/`. @default '' */
  readonly prefix?: string;
  /** Objects at least this large go up in parts. @default 16 MiB */
  readonly multipartThresholdBytes?: number;
  /** @default 8 MiB (S3's minimum is 5 MiB except for the last part) */
  readonly partSizeBytes?: number;
}

/** Either a ready client or the config to build one, never both. */
export type S3ArtifactStoreProps = S3ArtifactStoreOptions &
  (
    | { readonly client: S3Client; readonly clientConfig?: never }
    | { readonly clientConfig: S3ClientConfig; readonly client?: never }
  );

/** Metadata key holding the full hex SHA-256; multipart objects only carry a composite checksum. */
const HASH_METADATA = 'sha256';

export class S3ArtifactStore implements ArtifactStore {
  private readonly client: S3Client;
  private readonly threshold: number;
  private readonly partSize: number;

  constructor(private readonly props: S3ArtifactStoreProps) {
    this.client = props.client ?? new S3Client(props.clientConfig!);
    this.threshold = props.multipartThresholdBytes ?? 16 * MiB;
    this.partSize = props.partSizeBytes ?? 8 * MiB;
  }

  async put(model: string, version: string, fileName: string, bytes: Uint8Array): Promise<ArtifactRef> {
    const sha256 = sha256Hex(bytes);
    const key = artifactKey(model, version, fileName, sha256);
    const target = {
      Bucket: this.props.bucket,
      Key: this.objectKey(key),
      SSEKMSKeyId: this.props.kmsKeyId,
      Metadata: { [HASH_METADATA]: sha256 },
    };
    try {
      if (bytes.byteLength >= this.threshold) await multipartUpload(this.client, target, bytes, this.partSize);
      else
        await this.client.send(
          new PutObjectCommand({
            ...target,
            Body: bytes,
            ServerSideEncryption: 'aws:kms',
            IfNoneMatch: '*',
            ChecksumAlgorithm: 'SHA256',
            ChecksumSHA256: sha256Base64(bytes),
          }),
        );
    } catch (error) {
      if (!isConditionFailed(error)) throw this.wrap(key, error);
      const existing = await this.storedHash(key).catch((cause) => {
        throw this.wrap(key, cause);
      });
      if (existing !== sha256) throw new ArtifactConflictError(key, { cause: error });
    }
    return { key, sha256, sizeBytes: bytes.byteLength };
  }

  async get(key: string): Promise<Uint8Array> {
    const { hash12 } = parseArtifactKey(key);
    let bytes: Uint8Array;
    try {
      const object = await this.client.send(
        new GetObjectCommand({ Bucket: this.props.bucket, Key: this.objectKey(key) }),
      );
      bytes = await object.Body!.transformToByteArray();
    } catch (error) {
      if (isNotFound(error)) throw new ArtifactNotFoundError(key, { cause: error });
      throw this.wrap(key, error);
    }
    if (!sha256Hex(bytes).startsWith(hash12)) throw new ArtifactCorruptError(key);
    return bytes;
  }

  async exists(key: string): Promise<boolean> {
    parseArtifactKey(key);
    try {
      await this.client.send(new HeadObjectCommand({ Bucket: this.props.bucket, Key: this.objectKey(key) }));
      return true;
    } catch (error) {
      if (isNotFound(error)) return false;
      throw this.wrap(key, error);
    }
  }

  private async storedHash(key: string): Promise<string | undefined> {
    const head = await this.client.send(new HeadObjectCommand({ Bucket: this.props.bucket, Key: this.objectKey(key) }));
    return head.Metadata?.[HASH_METADATA];
  }

  private objectKey(key: string): string {
    return `${this.props.prefix ?? ''}${key}`;
  }

  private wrap(key: string, error: unknown): ArtifactStoreError {
    const name = (error as Error)?.name ?? 'Error';
    return new ArtifactStoreError(
      `s3://${this.props.bucket}/${this.objectKey(key)}: ${name}: ${(error as Error)?.message}`,
      { cause: error },
    );
  }
}
