// The desired state on AWS: models.yaml as the pipeline's Release stage copies it to S3.
import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { isNotFound } from '../../../../model-registry/src/adapters/aws/s3-errors.ts';
import { formatIssue } from '../../../../model-registry/src/domain/manifest/issues.ts';
import { loadManifest } from '../../../../model-registry/src/domain/manifest/load-manifest.ts';
import type { Manifest } from '../../../../model-registry/src/domain/manifest/types.ts';
import type { DesiredStateSource } from '../../ports/desired-state.ts';

export class InvalidDesiredStateError extends Error {
  override readonly name = 'InvalidDesiredStateError';
}

export class S3ManifestSource implements DesiredStateSource {
  constructor(
    private readonly client: S3Client,
    private readonly bucket: string,
    private readonly key: string,
  ) {}

  async read(): Promise<Manifest | undefined> {
    let text: string;
    try {
      const out = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: this.key }));
      text = await out.Body!.transformToString();
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
    const result = loadManifest(text, `s3://${this.bucket}/${this.key}`);
    // The pipeline validates before it copies; a bad file here must stop the tick, not retire models.
    if (!result.ok) throw new InvalidDesiredStateError(result.issues.map(formatIssue).join('\n'));
    return result.manifest;
  }
}
