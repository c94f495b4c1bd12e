// The one reader of configuration from environment variables (Lambda functions, CodeBuild steps,
// the CLI's AWS backend). An empty value counts as unset: CDK, CodeBuild and shells all produce
// empty strings for "not configured", and a bucket named "" is never what anyone meant.
export type Env = Readonly<Record<string, string | undefined>>;

export class MissingEnvironmentError extends Error {
  override readonly name = 'MissingEnvironmentError';
  constructor(
    readonly variable: string,
    purpose?: string,
  ) {
    super(`missing environment variable ${variable}${purpose ? `: ${purpose}` : ''}`);
  }
}

/** The variable's value, or undefined when it is unset or empty. */
export function optionalEnv(env: Env, name: string): string | undefined {
  const value = env[name];
  return value === undefined || value === '' ? undefined : value;
}

/** The variable's value, or the fallback when it is unset or empty. */
export function envOr(env: Env, name: string, fallback: string): string {
  return optionalEnv(env, name) ?? fallback;
}

/** The variable's value; throws MissingEnvironmentError when it is unset or empty. */
export function requireEnv(env: Env, name: string, purpose?: string): string {
  const value = optionalEnv(env, name);
  if (value === undefined) throw new MissingEnvironmentError(name, purpose);
  return value;
}
