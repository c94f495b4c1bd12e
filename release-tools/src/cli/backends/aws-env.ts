// The AWS backend's settings, from the environment the pipeline's CodeBuild projects set
// (pipeline/src/pipeline-stack.ts). Read only when a command needs them, so `status` does not ask
// for the compile role.

import { type Env, envOr, MissingEnvironmentError, optionalEnv, requireEnv } from '../../config/environment.ts';
import { MANIFEST_KEY } from '../../domain/state-keys.ts';

export const DEFAULT_MODELS_PREFIX = 'models/';

export function regionOf(env: Env): string | undefined {
  return optionalEnv(env, 'AWS_REGION') ?? optionalEnv(env, 'AWS_DEFAULT_REGION');
}

export const awsEnv = {
  stateBucket: (env: Env) => requireEnv(env, 'STATE_BUCKET', 'the bucket with rollout state and the desired manifest'),
  manifestKey: (env: Env) => envOr(env, 'MANIFEST_KEY', MANIFEST_KEY),
  dataBucket: (env: Env) => requireEnv(env, 'DATA_BUCKET', 'the bucket holding model artifacts'),
  modelsPrefix: (env: Env) => {
    const prefix = envOr(env, 'MODELS_PREFIX', DEFAULT_MODELS_PREFIX);
    return prefix.endsWith('/') ? prefix : `${prefix}/`;
  },
  dataKey: (env: Env) => requireEnv(env, 'DATA_KEY_ARN', 'the KMS key that encrypts model artifacts'),
  compileRole: (env: Env) => requireEnv(env, 'COMPILE_ROLE_ARN', 'the role SageMaker Neo assumes to compile'),
  /** The serving image recorded in model packages (the pipeline sets INFERENCE_IMAGE to the stack's image). */
  inferenceImage: (env: Env) => {
    const image = requireEnv(env, 'INFERENCE_IMAGE', 'the serving image recorded in model packages');
    if (!image.includes('{region}')) return image;
    const region = regionOf(env);
    if (!region) throw new MissingEnvironmentError('AWS_REGION', 'the region of the serving image in model packages');
    return image.replaceAll('{region}', region);
  },
};
