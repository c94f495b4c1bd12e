// Builds the whole CDK app from models.yaml and the `mlrelease` context: the inference stack, the
// pipeline stack, and the cdk-nag packs (AwsSolutions, HIPAA Security) as validation plugins.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App, type AppProps, Validations } from 'aws-cdk-lib';
import { SNS_SUBSCRIPTIONS_SQS_DECRYPTION_POLICY } from 'aws-cdk-lib/cx-api';
import { AwsSolutionsChecks, HIPAASecurityChecks } from 'cdk-nag';
import { InferenceStack } from '../../inference-stack/src/stack/inference-stack.ts';
import { readInfraConfig } from '../../inference-stack/src/stack/infra-config.ts';
import { STACK_NAMES } from '../../inference-stack/src/stack/stack-names.ts';
import { formatIssue } from '../../model-registry/src/domain/manifest/issues.ts';
import { loadManifest } from '../../model-registry/src/domain/manifest/load-manifest.ts';
import type { Manifest } from '../../model-registry/src/domain/manifest/types.ts';
import { PipelineStack } from './pipeline-stack.ts';

export interface BuildAppOptions {
  /** models.yaml text. @default the repository's models.yaml */
  readonly manifestText?: string;
  readonly manifestFile?: string;
  /** Run cdk-nag at synth. @default true */
  readonly nag?: boolean;
  /** Passed to `new App()` (outdir, context...). */
  readonly appProps?: AppProps;
}

export interface BuiltApp {
  readonly app: App;
  readonly inference: InferenceStack;
  readonly pipeline: PipelineStack;
  readonly manifest: Manifest;
}

export class ManifestInvalidError extends Error {
  override readonly name = 'ManifestInvalidError';
}

export function readManifest(text: string, file: string): Manifest {
  const result = loadManifest(text, file);
  if (!result.ok) throw new ManifestInvalidError(result.issues.map(formatIssue).join('\n'));
  return result.manifest;
}

export function buildApp(options: BuildAppOptions = {}): BuiltApp {
  const root = join(import.meta.dirname, '..', '..');
  const file = options.manifestFile ?? join(root, 'models.yaml');
  const manifest = readManifest(options.manifestText ?? readFileSync(file, 'utf8'), file);
  const app = new App(options.appProps);
  // SNS may use a lane's key only for our requests topic (CDK adds that statement per subscription).
  app.node.setContext(SNS_SUBSCRIPTIONS_SQS_DECRYPTION_POLICY, true);
  const config = readInfraConfig(app.node.tryGetContext('mlrelease'));
  const inference = new InferenceStack(app, STACK_NAMES.inference, {
    manifest,
    config,
    description: 'model-release: inference pipeline, multi-model endpoint, release controller, alarms and dashboards',
  });
  const pipeline = new PipelineStack(app, STACK_NAMES.pipeline, {
    config: config.pipeline,
    stateBucketName: inference.stateBucketName,
    stateBucketArn: inference.stateBucketArn,
    dataBucketArn: inference.dataBucketArn,
    dataBucketName: inference.dataBucketName,
    dataKeyArn: inference.keys.data.keyArn,
    inferenceImage: inference.servingImageUri,
    description: 'model-release: CodePipeline that validates, compiles, registers and releases models.yaml',
  });
  if (options.nag ?? true) Validations.of(app).addPlugins(new AwsSolutionsChecks(app), new HIPAASecurityChecks(app));
  return { app, inference, pipeline, manifest };
}
