// Writes the desired state where the controller Lambda reads it (S3ManifestSource): models.yaml as
// text, comments and all, so what the controller acts on is byte for byte what Git holds.
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';

export interface ManifestWrite {
  readonly text: string;
  readonly who: string;
  /** Git commit of models.yaml, when known. */
  readonly commit?: string;
}

export class S3ManifestWriter {
  constructor(
    private readonly client: S3Client,
    private readonly bucket: string,
    private readonly key: string,
  ) {}

  /** Last writer wins, as with a git push: the newest applied models.yaml is the desired state. */
  async write(manifest: ManifestWrite): Promise<string> {
    await this.client.send(
      new PutObjectCommand({
        Bucket: this.bucket,
        Key: this.key,
        Body: manifest.text,
        ContentType: 'application/yaml',
        // Who and which commit, for the bucket's audit trail; the controller reads only the body.
        Metadata: { 'applied-by': manifest.who, ...(manifest.commit ? { commit: manifest.commit } : {}) },
      }),
    );
    return `s3://${this.bucket}/${this.key}`;
  }
}
