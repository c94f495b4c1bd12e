// ObjectStore on S3. Conditional create uses `If-None-Match: *`, so two workers finishing the same
// request cannot both write its result.
import { GetObjectCommand, PutObjectCommand, S3Client, type S3ClientConfig } from '@aws-sdk/client-s3';
import { isConditionFailed, isNotFound } from '../../../../model-registry/src/adapters/aws/s3-errors.ts';
import { listKeys } from '../../../../model-registry/src/adapters/aws/s3-list-keys.ts';
import { ObjectExistsError, type ObjectStore, type PutOptions } from '../../ports/object-store.ts';

export type S3ObjectStoreOptions = { readonly bucket: string } & (
  | { readonly client: S3Client }
  | { readonly clientConfig?: S3ClientConfig }
);

export class S3ObjectStore implements ObjectStore {
  private readonly client: S3Client;
  private readonly bucket: string;

  constructor(options: S3ObjectStoreOptions) {
    this.bucket = options.bucket;
    this.client = 'client' in options ? options.client : new S3Client(options.clientConfig ?? {});
  }

  async put(key: string, body: string | Uint8Array, options: PutOptions = {}): Promise<void> {
    try {
      await this.client.send(
        new PutObjectCommand({
          Bucket: this.bucket,
          Key: key,
          Body: body,
          ContentType: options.contentType ?? 'application/json',
          ...(options.ifNoneMatch ? { IfNoneMatch: options.ifNoneMatch } : {}),
        }),
      );
    } catch (error) {
      if (options.ifNoneMatch && isConditionFailed(error)) throw new ObjectExistsError(key, { cause: error });
      throw error;
    }
  }

  async get(key: string): Promise<Uint8Array | undefined> {
    try {
      const out = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
      return out.Body ? await out.Body.transformToByteArray() : new Uint8Array();
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }

  list(prefix: string): Promise<string[]> {
    return listKeys(this.client, this.bucket, prefix);
  }
}
