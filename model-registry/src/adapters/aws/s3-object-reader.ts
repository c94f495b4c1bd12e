// Reads an object by its s3:// URI: a models.yaml artifact on S3, or a Neo compilation output.
import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { ArtifactTooLargeError } from '../local/read-repo-file.ts';

export function parseS3Uri(uri: string): { bucket: string; key: string } {
  const match = /^s3:\/\/([^/]+)\/(.+)$/.exec(uri);
  if (!match) throw new Error(`not an s3:// URI with a key: ${uri}`);
  return { bucket: match[1]!, key: match[2]! };
}

/** `maxBytes`: an object larger is refused by its Content-Length, before its body is read. */
export async function readS3Object(client: S3Client, uri: string, maxBytes?: number): Promise<Uint8Array> {
  const { bucket, key } = parseS3Uri(uri);
  try {
    const object = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    if (maxBytes !== undefined && (object.ContentLength ?? 0) > maxBytes) {
      (object.Body as { destroy?: () => void } | undefined)?.destroy?.();
      throw new ArtifactTooLargeError(uri, object.ContentLength!, maxBytes);
    }
    return await object.Body!.transformToByteArray();
  } catch (error) {
    if (error instanceof ArtifactTooLargeError) throw error;
    // Keep the service's error name (AccessDenied, NoSuchKey): it is what the reader acts on.
    throw new Error(`${(error as Error).name}: ${(error as Error).message}`, { cause: error });
  }
}
