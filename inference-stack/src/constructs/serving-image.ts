// This project's serving container as a CDK Docker image asset: staged into cdk.out at synth (no
// Docker needed) and built and pushed to the bootstrap ECR repository only at deploy.
import { fileURLToPath } from 'node:url';
import { IgnoreMode } from 'aws-cdk-lib';
import { DockerImageAsset, Platform } from 'aws-cdk-lib/aws-ecr-assets';
import { Construct } from 'constructs';

const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const SERVING_DOCKERFILE = 'inference-stack/src/serving/Dockerfile';

/** What the image build needs from the repository; everything else stays out of the staged context. */
export const SERVING_CONTEXT = ['package.json', 'package-lock.json', 'inference-stack/src', 'model-registry/src'];

export class ServingImage extends Construct {
  readonly asset: DockerImageAsset;
  /** ECR image URI, known at deploy time. */
  readonly imageUri: string;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.asset = new DockerImageAsset(this, 'Image', {
      directory: REPO_ROOT,
      file: SERVING_DOCKERFILE,
      // SageMaker ml.c5/ml.m5 hosts are x86_64.
      platform: Platform.LINUX_AMD64,
      ignoreMode: IgnoreMode.DOCKER,
      exclude: ['*', ...SERVING_CONTEXT.map((path) => `!${path}`), '**/node_modules', '**/*.test.ts'],
    });
    this.imageUri = this.asset.imageUri;
  }
}
