// The model-registry adapters on AWS, as the CLI's AWS backend and the pipeline stages use them:
// artifacts in the data bucket under a prefix (SSE-KMS), the compile engine models.yaml names (ONNX
// Runtime offline optimisation in the build, or SageMaker Neo) with its result recorded next to the
// source, and the SageMaker Model Registry.

import type { S3Client } from '@aws-sdk/client-s3';
import type { SageMakerClient } from '@aws-sdk/client-sagemaker';
import { NeoCompiler } from './adapters/aws/neo-compiler.ts';
import { S3ArtifactStore } from './adapters/aws/s3-artifact-store.ts';
import { S3CompileRecords } from './adapters/aws/s3-compile-records.ts';
import { readS3Object } from './adapters/aws/s3-object-reader.ts';
import { SageMakerModelRegistry } from './adapters/aws/sagemaker-model-registry.ts';
import { EngineCompiler } from './adapters/engine-compiler.ts';
import { OnnxRuntimeCompiler } from './adapters/local/onnxruntime-compiler.ts';
import { modelSizeLimit, readRepoFile } from './adapters/local/read-repo-file.ts';
import { ReadFirstArtifactStore } from './adapters/read-first-artifact-store.ts';
import { RecordedCompiler } from './adapters/recorded-compiler.ts';
import type { ArtifactRef, ArtifactStore } from './ports/artifact-store.ts';
import type { ModelCompiler } from './ports/compiler.ts';

export interface AwsArtifactSettings {
  readonly s3: S3Client;
  readonly dataBucket: string;
  /** Prefix of model artifacts in the data bucket, e.g. `models/` (the MME's model prefix). */
  readonly modelsPrefix: string;
}

export interface AwsCompileSettings extends AwsArtifactSettings {
  readonly sagemaker: SageMakerClient;
  /** KMS key for artifacts and Neo output. */
  readonly kmsKeyId: string;
  /** Role SageMaker Neo assumes to read the source and write its output. */
  readonly compileRoleArn: string;
  /** Where Neo writes before the output is stored by hash. @default s3://<dataBucket>/<modelsPrefix>neo-output */
  readonly neoOutputUri?: string;
  /** Directory of models.yaml: relative `artifact` paths resolve against it. */
  readonly manifestDir: string;
}

export interface AwsRegistrySettings extends AwsArtifactSettings {
  readonly sagemaker: SageMakerClient;
  /** Serving image recorded in each model package. */
  readonly inferenceImage: string;
  readonly instanceType: string;
}

export interface AwsCompileAdapters {
  readonly artifacts: ArtifactStore;
  readonly compiler: ModelCompiler;
  /** `s3://bucket/key` through S3, anything else as a file relative to models.yaml. */
  readonly readArtifact: (location: string) => Promise<Uint8Array>;
}

export function artifactUriOf(settings: AwsArtifactSettings): (ref: ArtifactRef) => string {
  return (ref) => `s3://${settings.dataBucket}/${settings.modelsPrefix}${ref.key}`;
}

export function awsCompileAdapters(settings: AwsCompileSettings): AwsCompileAdapters {
  const { s3, dataBucket, modelsPrefix, kmsKeyId } = settings;
  const artifacts = new ReadFirstArtifactStore(
    new S3ArtifactStore({ client: s3, bucket: dataBucket, prefix: modelsPrefix, kmsKeyId }),
  );
  const neo = new NeoCompiler({
    client: settings.sagemaker,
    roleArn: settings.compileRoleArn,
    artifacts,
    sourceUriOf: artifactUriOf(settings),
    // Under the models prefix: the compile role may only touch objects there.
    outputS3Uri: settings.neoOutputUri ?? `s3://${dataBucket}/${modelsPrefix}neo-output`,
    readOutput: (uri) => readS3Object(s3, uri),
    kmsKeyId,
  });
  return {
    artifacts,
    compiler: new RecordedCompiler(
      new EngineCompiler({ onnxruntime: new OnnxRuntimeCompiler({ artifacts }), neo }, 'on AWS'),
      new S3CompileRecords({ client: s3, bucket: dataBucket, prefix: modelsPrefix, kmsKeyId }),
      artifacts,
    ),
    readArtifact: async (location) =>
      location.startsWith('s3://')
        ? readS3Object(s3, location, modelSizeLimit())
        : readRepoFile(settings.manifestDir, location),
  };
}

export function awsModelRegistry(settings: AwsRegistrySettings): SageMakerModelRegistry {
  return new SageMakerModelRegistry({
    client: settings.sagemaker,
    inferenceImage: settings.inferenceImage,
    artifactUriOf: artifactUriOf(settings),
    instanceType: settings.instanceType,
  });
}
