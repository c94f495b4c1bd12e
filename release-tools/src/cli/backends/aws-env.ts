// The AWS backend's settings, from the environment the pipeline's CodeBuild projects set
// (pipeline/src/pipeline-stack.ts). Read only when a command needs them, so `status` does not ask
// for the compile role.

type Env = Readonly<Record<string, string | undefined>>;

export class MissingEnvironmentError extends Error {
  override readonly name = 'MissingEnvironmentError';
  constructor(
    readonly variable: string,
    purpose: string,
  ) {
    super(`missing environment variable ${variable}: ${purpose} (needed with --backend aws)`);
  }
}

/** Where the controller Lambda reads models.yaml by default (MANIFEST_KEY in the stack). */
export const DEFAULT_MANIFEST_KEY = 'desired/models.yaml';
export const DEFAULT_MODELS_PREFIX = 'models/';

export function requireEnv(env: Env, name: string, purpose: string): string {
  const value = env[name];
  if (!value) throw new MissingEnvironmentError(name, purpose);
  return value;
}

export function regionOf(env: Env): string | undefined {
  return env.AWS_REGION || env.AWS_DEFAULT_REGION || undefined;
}

export const awsEnv = {
  stateBucket: (env: Env) => requireEnv(env, 'STATE_BUCKET', 'the bucket with rollout state and the desired manifest'),
  manifestKey: (env: Env) => env.MANIFEST_KEY || DEFAULT_MANIFEST_KEY,
  dataBucket: (env: Env) => requireEnv(env, 'DATA_BUCKET', 'the bucket holding model artifacts'),
  modelsPrefix: (env: Env) => {
    const prefix = env.MODELS_PREFIX || DEFAULT_MODELS_PREFIX;
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
