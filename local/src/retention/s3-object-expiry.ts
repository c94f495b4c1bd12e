// Expiry by age on an S3 bucket, for the fauxqs emulator, which has no lifecycle rules: what the
// data bucket's `expire-requests` rule does on AWS, done by listing (LastModified) and deleting.
import { DeleteObjectsCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import type { ObjectExpiry } from './request-retention.ts';

export class S3ObjectExpiry implements ObjectExpiry {
  constructor(
    private readonly client: S3Client,
    private readonly bucket: string,
  ) {}

  async expireOlderThan(prefix: string, cutoff: number): Promise<string[]> {
    const expired: string[] = [];
    let token: string | undefined;
    do {
      const out = await this.client.send(
        new ListObjectsV2Command({
          Bucket: this.bucket,
          Prefix: prefix,
          ...(token ? { ContinuationToken: token } : {}),
        }),
      );
      const old = (out.Contents ?? []).filter((o) => o.Key && o.LastModified && o.LastModified.getTime() < cutoff);
      // A page holds at most 1,000 keys, DeleteObjects' limit too.
      if (old.length > 0) {
        const deleted = await this.client.send(
          new DeleteObjectsCommand({
            Bucket: this.bucket,
            Delete: { Objects: old.map((o) => ({ Key: o.Key! })), Quiet: true },
          }),
        );
        const failed = new Set((deleted.Errors ?? []).map((e) => e.Key));
        expired.push(...old.map((o) => o.Key!).filter((key) => !failed.has(key)));
      }
      token = out.IsTruncated ? out.NextContinuationToken : undefined;
    } while (token);
    return expired.sort();
  }
}
