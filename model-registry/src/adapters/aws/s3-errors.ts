// Classifies S3 service errors by name and HTTP status, as both appear depending on the operation.

interface ServiceError {
  name?: string;
  $metadata?: { httpStatusCode?: number };
}

const statusOf = (error: unknown): number | undefined => (error as ServiceError)?.$metadata?.httpStatusCode;
const nameOf = (error: unknown): string | undefined => (error as ServiceError)?.name;

/**
 * A conditional write lost: IfNoneMatch '*' found the key, or IfMatch found another ETag (412), or
 * another conditional writer is completing the same key (409).
 */
export function isConditionFailed(error: unknown): boolean {
  const name = nameOf(error);
  return (
    name === 'PreconditionFailed' || name === 'ConditionalRequestConflict' || [409, 412].includes(statusOf(error) ?? 0)
  );
}

export function isNotFound(error: unknown): boolean {
  const name = nameOf(error);
  return name === 'NoSuchKey' || name === 'NotFound' || statusOf(error) === 404;
}
