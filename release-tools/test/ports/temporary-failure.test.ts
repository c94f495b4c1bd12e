import {
  InternalFailure,
  ModelError,
  ModelNotReadyException,
  ServiceUnavailable,
  ValidationError,
} from '@aws-sdk/client-sagemaker-runtime';
import { describe, expect, it } from 'vitest';
import { isTemporaryFailure } from '../../src/ports/temporary-failure.ts';

// Errors as the SDK builds them from a service answer (name, $fault, $metadata.httpStatusCode).
const sdkError = <E>(Type: new (o: never) => E, status: number): E =>
  new Type({ message: 'from AWS', $metadata: { httpStatusCode: status } } as never);

const socketError = (code: string) => Object.assign(new Error(`socket ${code}`), { code });

describe('isTemporaryFailure (the AWS SDK retry classification)', () => {
  it.each([
    ['ThrottlingException by name', Object.assign(new Error('slow down'), { name: 'ThrottlingException' })],
    ['SageMaker runtime ModelNotReadyException (429)', sdkError(ModelNotReadyException, 429)],
    ['ServiceUnavailable (503)', sdkError(ServiceUnavailable, 503)],
    ['InternalFailure (500)', sdkError(InternalFailure, 500)],
    ['a reset socket', socketError('ECONNRESET')],
    ['a refused connection', socketError('ECONNREFUSED')],
    [
      'a throttle behind a wrapping error',
      new Error('prepare failed', { cause: sdkError(ModelNotReadyException, 429) }),
    ],
  ])('%s is temporary', (_, error) => {
    expect(isTemporaryFailure(error)).toBe(true);
  });

  it.each([
    ['the model container failing (ModelError, 424)', sdkError(ModelError, 424)],
    ['a bad request (ValidationError, 400)', sdkError(ValidationError, 400)],
    ['a plain programming error', new TypeError('x is undefined')],
    ['a thrown string', 'boom'],
    ['undefined', undefined],
  ])('%s is not temporary', (_, error) => {
    expect(isTemporaryFailure(error)).toBe(false);
  });
});
