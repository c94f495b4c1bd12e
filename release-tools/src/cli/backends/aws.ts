// The AWS backend: the same S3 objects and SageMaker resources the pipeline and the controller
// Lambda use (state under s3://STATE_BUCKET/state/, desired manifest at MANIFEST_KEY, artifacts
// under s3://DATA_BUCKET/MODELS_PREFIX, Neo, the Model Registry). SDK clients resolve region and
// credentials as usual (AWS_REGION, AWS_PROFILE, the attached role).
import { S3Client } from '@aws-sdk/client-s3';
import { SageMakerClient } from '@aws-sdk/client-sagemaker';
import { awsCompileAdapters, awsModelRegistry } from '../../../../model-registry/src/aws-adapters.ts';
import { S3ManifestWriter } from '../../adapters/aws/s3-manifest-writer.ts';
import { S3StateStore } from '../../adapters/aws/s3-state-store.ts';
import { preparedReleaseKey, StatePreparedReleases } from '../../adapters/aws/state-prepared-releases.ts';
import { STATE_PREFIX } from '../../domain/state-keys.ts';
import type { StateStore } from '../../ports/state-store.ts';
import { awsEnv, regionOf } from './aws-env.ts';
import type { CliBackend } from './cli-backend.ts';
import { describedStateStore } from './described-state-store.ts';

/** Ready clients (tests, a host process); any left out are built from the environment. */
export interface AwsClients {
  readonly s3?: S3Client;
  readonly sagemaker?: SageMakerClient;
}

export function awsBackend(env: Readonly<Record<string, string | undefined>>, clients: AwsClients = {}): CliBackend {
  const region = regionOf(env);
  const config = region ? { region } : {};
  let s3: S3Client | undefined;
  let sagemaker: SageMakerClient | undefined;
  let store: StateStore | undefined;
  const s3Client = () => (s3 ??= clients.s3 ?? new S3Client(config));
  const sageMakerClient = () => (sagemaker ??= clients.sagemaker ?? new SageMakerClient(config));
  const stateStore = () => {
    const bucket = awsEnv.stateBucket(env);
    store ??= describedStateStore(
      new S3StateStore({ client: s3Client(), bucket, prefix: STATE_PREFIX }),
      `s3://${bucket}/${STATE_PREFIX}`,
    );
    return store;
  };
  const artifactSettings = () => ({
    s3: s3Client(),
    dataBucket: awsEnv.dataBucket(env),
    modelsPrefix: awsEnv.modelsPrefix(env),
  });

  return {
    kind: 'aws',
    stateStore,
    recordDesired: (desired) =>
      new S3ManifestWriter(s3Client(), awsEnv.stateBucket(env), awsEnv.manifestKey(env)).write({
        text: desired.text,
        who: desired.who,
        ...(env.CODEBUILD_RESOLVED_SOURCE_VERSION ? { commit: env.CODEBUILD_RESOLVED_SOURCE_VERSION } : {}),
      }),
    compileAdapters: (manifestDir) =>
      awsCompileAdapters({
        ...artifactSettings(),
        sagemaker: sageMakerClient(),
        kmsKeyId: awsEnv.dataKey(env),
        compileRoleArn: awsEnv.compileRole(env),
        ...(env.NEO_OUTPUT_URI ? { neoOutputUri: env.NEO_OUTPUT_URI } : {}),
        manifestDir,
      }),
    modelRegistry: (endpoint) =>
      awsModelRegistry({
        ...artifactSettings(),
        sagemaker: sageMakerClient(),
        // Only register() sends these; listing and approving work without an image or endpoint.
        inferenceImage: endpoint ? awsEnv.inferenceImage(env) : '',
        instanceType: endpoint?.instanceType ?? '',
      }),
    async recordPrepared(model, version, prepared) {
      const bucket = awsEnv.stateBucket(env);
      await new StatePreparedReleases(stateStore()).record(model, version, prepared);
      return `s3://${bucket}/${STATE_PREFIX}${preparedReleaseKey(model, version)}.json`;
    },
  };
}
