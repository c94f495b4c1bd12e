// Which failures are temporary: the AWS SDK's own retry classification (what its standard retry
// strategy retries: throttling, and transient faults such as 500/502/503/504, timeouts and
// dropped sockets), looking through `cause`. The SDK has already retried such a call a few times;
// a caller that still sees one waits for its next turn instead of taking it as a verdict.
import { isThrottlingError, isTransientError } from '@smithy/core/retry';
import type { SdkError } from '@smithy/types';

export function isTemporaryFailure(error: unknown): boolean {
  for (let e = error, depth = 0; typeof e === 'object' && e !== null && depth < 10; depth++) {
    const sdkError = e as SdkError;
    if (isThrottlingError(sdkError) || isTransientError(sdkError)) return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}
