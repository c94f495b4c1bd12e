// Every key under a prefix, following ListObjectsV2's continuation tokens. Shared by the S3 adapters
// of all modules (artifact, state and data buckets).
import { ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';

export async function listKeys(client: S3Client, bucket: string, prefix: string): Promise<string[]> {
  const keys: string[] = [];
  let token: string | undefined;
  do {
    const out = await client.send(
      new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ...(token ? { ContinuationToken: token } : {}) }),
    );
    for (const item of out.Contents ?? []) if (item.Key) keys.push(item.Key);
    token = out.IsTruncated ? out.NextContinuationToken : undefined;
  } while (token);
  return keys.sort();
}
