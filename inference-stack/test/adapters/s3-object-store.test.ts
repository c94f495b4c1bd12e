import 'aws-sdk-client-mock-vitest/extend';
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3ServiceException } from '@aws-sdk/client-s3';
import { afterEach, describe, expect, it } from 'vitest';
import { S3ObjectStore } from '../../src/adapters/aws/s3-object-store.ts';
import { ObjectExistsError } from '../../src/ports/object-store.ts';
import { MemoryObjectStore } from '../support/memory-object-store.ts';
import { mockedS3Bucket } from '../support/mocked-aws.ts';
import { objectStoreContract } from './contracts/object-store.contract.ts';

let current: ReturnType<typeof mockedS3Bucket> | undefined;
const fresh = () => {
  current?.mock.restore();
  current = mockedS3Bucket();
  return current;
};
afterEach(() => current?.mock.reset());

describe('S3ObjectStore (aws-sdk-client-mock) contract', () => {
  objectStoreContract(async () => new S3ObjectStore({ client: fresh().client, bucket: 'data' }));
});

describe('MemoryObjectStore (test fake) contract', () => {
  objectStoreContract(async () => new MemoryObjectStore());
});

describe('S3ObjectStore commands', () => {
  it('sends a conditional PutObject with If-None-Match *', async () => {
    const { mock, client } = fresh();
    await new S3ObjectStore({ client, bucket: 'data' }).put('results/a.json', '{}', { ifNoneMatch: '*' });
    expect(mock).toHaveReceivedCommandWith(PutObjectCommand, {
      Bucket: 'data',
      Key: 'results/a.json',
      Body: '{}',
      ContentType: 'application/json',
      IfNoneMatch: '*',
    });
  });

  it('sends an unconditional PutObject without If-None-Match', async () => {
    const { mock, client } = fresh();
    await new S3ObjectStore({ client, bucket: 'data' }).put('k', 'v');
    expect(mock.commandCalls(PutObjectCommand)[0]?.args[0].input).not.toHaveProperty('IfNoneMatch');
  });

  it('reads with GetObject and pages ListObjectsV2 by continuation token', async () => {
    const { mock, client } = fresh();
    const store = new S3ObjectStore({ client, bucket: 'data' });
    for (const k of ['p/1', 'p/2', 'p/3']) await store.put(k, 'x');
    await store.get('p/1');
    await store.list('p/');
    expect(mock).toHaveReceivedCommandWith(GetObjectCommand, { Bucket: 'data', Key: 'p/1' });
    expect(mock).toHaveReceivedNthCommandWith(ListObjectsV2Command, 2, {
      Bucket: 'data',
      Prefix: 'p/',
      ContinuationToken: '2',
    });
  });

  it('rethrows a server error on a conditional put instead of calling it a conflict', async () => {
    const { mock, client } = fresh();
    const boom = new S3ServiceException({
      name: 'InternalError',
      $fault: 'server',
      $metadata: { httpStatusCode: 500 },
    });
    mock.on(PutObjectCommand).rejects(boom);
    const put = new S3ObjectStore({ client, bucket: 'data' }).put('k', 'v', { ifNoneMatch: '*' });
    await expect(put).rejects.toBe(boom);
  });

  it('maps 412 to ObjectExistsError keeping the cause', async () => {
    const { mock, client } = fresh();
    const conflict = new S3ServiceException({
      name: 'PreconditionFailed',
      $fault: 'client',
      $metadata: { httpStatusCode: 412 },
    });
    mock.on(PutObjectCommand).rejects(conflict);
    const error = await new S3ObjectStore({ client, bucket: 'data' })
      .put('k', 'v', { ifNoneMatch: '*' })
      .catch((e) => e);
    expect(error).toBeInstanceOf(ObjectExistsError);
    expect(error.cause).toBe(conflict);
  });

  it('maps 409 ConditionalRequestConflict (another conditional writer on the key) to ObjectExistsError', async () => {
    // Prepare: S3 answers 409 while a concurrent conditional write of the same key completes.
    const { mock, client } = fresh();
    const racing = new S3ServiceException({
      name: 'ConditionalRequestConflict',
      $fault: 'client',
      $metadata: { httpStatusCode: 409 },
    });
    mock.on(PutObjectCommand).rejects(racing);
    // Act
    const error = await new S3ObjectStore({ client, bucket: 'data' })
      .put('results/a.json', '{}', { ifNoneMatch: '*' })
      .catch((e) => e);
    // Assess
    expect(error).toBeInstanceOf(ObjectExistsError);
    expect(error.cause).toBe(racing);
  });

  it('rethrows AccessDenied on get instead of answering missing', async () => {
    const { mock, client } = fresh();
    const denied = new S3ServiceException({
      name: 'AccessDenied',
      $fault: 'client',
      $metadata: { httpStatusCode: 403 },
    });
    mock.on(GetObjectCommand).rejects(denied);
    await expect(new S3ObjectStore({ client, bucket: 'data' }).get('k')).rejects.toBe(denied);
  });
});
