// StateStore on S3: one JSON object per key, compare-and-swap through conditional writes
// (IfMatch on the ETag read, IfNoneMatch '*' to create), so two controllers never both win.
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { isConditionFailed, isNotFound } from '../../../../model-registry/src/adapters/aws/s3-errors.ts';
import { listKeys } from '../../../../model-registry/src/adapters/aws/s3-list-keys.ts';
import { STATE_PREFIX } from '../../domain/state-keys.ts';
import { StateConflictError, type StateStore, type Versioned } from '../../ports/state-store.ts';

export type S3StateStoreOptions =
  | { readonly client: S3Client; readonly bucket: string; readonly prefix?: string }
  | { readonly region?: string; readonly bucket: string; readonly prefix?: string };

export class S3StateStore implements StateStore {
  private readonly client: S3Client;
  private readonly bucket: string;
  private readonly prefix: string;

  constructor(options: S3StateStoreOptions) {
    this.client = 'client' in options ? options.client : new S3Client(options.region ? { region: options.region } : {});
    this.bucket = options.bucket;
    this.prefix = options.prefix ?? STATE_PREFIX;
  }

  async get<T>(key: string): Promise<Versioned<T> | undefined> {
    try {
      const out = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: this.objectKey(key) }));
      const text = await out.Body!.transformToString();
      return { value: JSON.parse(text) as T, version: out.ETag! };
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }

  async put<T>(key: string, value: T, expectedVersion: string | null): Promise<string> {
    try {
      const out = await this.client.send(
        new PutObjectCommand({
          Bucket: this.bucket,
          Key: this.objectKey(key),
          Body: JSON.stringify(value),
          ContentType: 'application/json',
          ...(expectedVersion === null ? { IfNoneMatch: '*' } : { IfMatch: expectedVersion }),
        }),
      );
      return out.ETag!;
    } catch (error) {
      // IfMatch on a key deleted meanwhile answers 404: also another writer's doing.
      if (isConditionFailed(error) || (expectedVersion !== null && isNotFound(error))) {
        throw new StateConflictError(key, { cause: error });
      }
      throw error;
    }
  }

  async list(prefix: string): Promise<string[]> {
    const keys = await listKeys(this.client, this.bucket, this.prefix + prefix);
    return keys.filter((k) => k.endsWith('.json')).map((k) => k.slice(this.prefix.length, -'.json'.length));
  }

  private objectKey(key: string): string {
    return `${this.prefix}${key}.json`;
  }
}
