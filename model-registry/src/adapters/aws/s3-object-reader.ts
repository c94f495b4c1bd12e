// Reads an object by its s3:// URI: a models.yaml artifact on S3, or a Neo compilation output.
import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';

export function parseS3Uri(uri: string): { bucket: string; key: string } {
  const match = /^s3:\/\/([^/]+)\/(.+)$/.exec(uri);
  if (!match) throw new Error(`not an s3:// URI with a key: ${uri}`);
  return { bucket: match[1]!, key: match[2]! };
}

export async function readS3Object(client: S3Client, uri: string): Promise<Uint8Array> {
  const { bucket, key } = parseS3Uri(uri);
  try {
    const object = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    return await object.Body!.transformToByteArray();
  } catch (error) {
    // Keep the service's error name (AccessDenied, NoSuchKey): it is what the reader acts on.
    throw new Error(`${(error as Error).name}: ${(error as Error).message}`, { cause: error });
  }
}
