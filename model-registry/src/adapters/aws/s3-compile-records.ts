// CompileRecords on S3, next to the source artifact, under the same KMS key:
// `<prefix><model>/<version>-<source sha12>/compiled-<target>.json` for Neo (the name records had when
// Neo was the only AWS engine, so they are still found) and `compiled-onnxruntime-<target>.json`.
import { GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { CompileRequest, CompileResult } from '../../ports/compiler.ts';
import type { CompileRecords } from '../recorded-compiler.ts';
import { isNotFound } from './s3-errors.ts';

export interface S3CompileRecordsProps {
  readonly client: S3Client;
  readonly bucket: string;
  /** Same prefix as the artifact store, e.g. `models/`. */
  readonly prefix: string;
  readonly kmsKeyId: string;
}

interface StoredRecord extends CompileResult {
  readonly sourceSha256: string;
}

export class S3CompileRecords implements CompileRecords {
  constructor(private readonly props: S3CompileRecordsProps) {}

  recordKey(request: CompileRequest): string {
    const dir = request.source.key.slice(0, request.source.key.lastIndexOf('/'));
    const engine = request.engine === 'neo' ? '' : `${request.engine}-`;
    return `${this.props.prefix}${dir}/compiled-${engine}${request.target}.json`;
  }

  async get(request: CompileRequest): Promise<CompileResult | undefined> {
    let text: string;
    try {
      const object = await this.props.client.send(
        new GetObjectCommand({ Bucket: this.props.bucket, Key: this.recordKey(request) }),
      );
      text = await object.Body!.transformToString();
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
    const { sourceSha256, compiled, report } = JSON.parse(text) as StoredRecord;
    // The key holds 12 hex of the hash; the full hash settles it.
    return sourceSha256 === request.source.sha256 ? { compiled, report } : undefined;
  }

  async put(request: CompileRequest, result: CompileResult): Promise<void> {
    const record: StoredRecord = { sourceSha256: request.source.sha256, ...result };
    await this.props.client.send(
      new PutObjectCommand({
        Bucket: this.props.bucket,
        Key: this.recordKey(request),
        Body: JSON.stringify(record),
        ContentType: 'application/json',
        ServerSideEncryption: 'aws:kms',
        SSEKMSKeyId: this.props.kmsKeyId,
      }),
    );
  }
}
