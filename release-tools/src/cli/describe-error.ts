// Turns a failed command into the lines a person (or a CodeBuild log) needs: what failed, and for
// AWS permission errors, where to look. Adapters wrap SDK errors, so the cause chain is searched.

interface AwsErrorLike {
  readonly name?: string;
  readonly message?: string;
  readonly $metadata?: { readonly httpStatusCode?: number };
  readonly cause?: unknown;
}

const DENIED = new Set(['AccessDenied', 'AccessDeniedException', 'UnauthorizedOperation', 'KMS.AccessDeniedException']);
const NO_CREDENTIALS = new Set(['CredentialsProviderError', 'ExpiredToken', 'ExpiredTokenException']);

export function describeError(error: unknown): string {
  const e = error as AwsErrorLike;
  const message = e?.message ?? String(error);
  const named = e?.$metadata && e.name && !message.startsWith(e.name) ? `${e.name}: ${message}` : message;
  const lines = [`error: ${named}`];
  const aws = awsCause(error);
  if (aws && (DENIED.has(aws.name ?? '') || aws.$metadata?.httpStatusCode === 403))
    lines.push(
      'hint: AWS refused the request; check which credentials are in use (AWS_PROFILE, the CodeBuild role) and that they may use the buckets and SageMaker resources named in the environment',
    );
  else if (aws && NO_CREDENTIALS.has(aws.name ?? ''))
    lines.push('hint: no valid AWS credentials; set AWS_PROFILE or run where a role is attached');
  return `${lines.join('\n')}\n`;
}

function awsCause(error: unknown): AwsErrorLike | undefined {
  for (let e = error as AwsErrorLike | undefined, depth = 0; e && depth < 5; e = e.cause as AwsErrorLike, depth++) {
    if (e.$metadata || NO_CREDENTIALS.has(e.name ?? '')) return e;
  }
  return undefined;
}
