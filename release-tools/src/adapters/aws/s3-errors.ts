// How S3 says "not there" and "someone else wrote first".

interface S3ErrorLike {
  readonly name?: string;
  readonly $metadata?: { readonly httpStatusCode?: number };
}

export function isNotFound(error: unknown): boolean {
  const e = error as S3ErrorLike;
  return e?.name === 'NoSuchKey' || e?.name === 'NotFound' || e?.$metadata?.httpStatusCode === 404;
}

/** 412: the IfMatch/IfNoneMatch condition failed; 409: a concurrent conditional write is in flight. */
export function isConditionFailed(error: unknown): boolean {
  const e = error as S3ErrorLike;
  const status = e?.$metadata?.httpStatusCode;
  return (
    e?.name === 'PreconditionFailed' || e?.name === 'ConditionalRequestConflict' || status === 412 || status === 409
  );
}
