import 'aws-sdk-client-mock-vitest/extend';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetObjectCommand, PutObjectCommand, S3ServiceException } from '@aws-sdk/client-s3';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { S3StateStore } from '../../src/adapters/aws/s3-state-store.ts';
import { FileStateStore } from '../../src/adapters/local/file-state-store.ts';
import { MemoryStateStore } from '../../src/adapters/local/memory-state-store.ts';
import { StateConflictError } from '../../src/ports/state-store.ts';
import { fakeS3 } from './fake-s3.ts';
import { stateStoreContract } from './state-store.contract.ts';

const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

describe('MemoryStateStore', () => stateStoreContract(() => new MemoryStateStore()));

describe('FileStateStore', () =>
  stateStoreContract(async () => {
    const dir = await mkdtemp(join(tmpdir(), 'state-'));
    dirs.push(dir);
    return new FileStateStore(dir);
  }));

describe('S3StateStore', () => {
  let s3 = fakeS3();
  afterEach(() => {
    s3.mock.restore();
    s3 = fakeS3();
  });
  stateStoreContract(() => new S3StateStore({ client: s3.client, bucket: 'state-bucket' }));

  it('sends conditional writes: IfNoneMatch to create, IfMatch with the ETag to update', async () => {
    const store = new S3StateStore({ client: s3.client, bucket: 'state-bucket', prefix: 'ctl/' });

    const etag = await store.put('rollouts/m', { a: 1 }, null);
    await store.put('rollouts/m', { a: 2 }, etag);
    await store.get('rollouts/m');

    expect(s3.mock).toHaveReceivedCommandWith(PutObjectCommand, {
      Bucket: 'state-bucket',
      Key: 'ctl/rollouts/m.json',
      Body: '{"a":1}',
      ContentType: 'application/json',
      IfNoneMatch: '*',
    });
    expect(s3.mock).toHaveReceivedCommandWith(PutObjectCommand, {
      Key: 'ctl/rollouts/m.json',
      Body: '{"a":2}',
      IfMatch: etag,
    });
    expect(s3.mock).toHaveReceivedCommandWith(GetObjectCommand, { Bucket: 'state-bucket', Key: 'ctl/rollouts/m.json' });
  });

  it('turns 412 PreconditionFailed into StateConflictError keeping the cause', async () => {
    const failure = new S3ServiceException({
      name: 'PreconditionFailed',
      $fault: 'client',
      $metadata: { httpStatusCode: 412 },
      message: 'no',
    });
    s3.mock.on(PutObjectCommand).rejects(failure);
    const store = new S3StateStore({ client: s3.client, bucket: 'b' });

    const error = await store.put('k', {}, '"x"').catch((e: unknown) => e);

    expect(error).toBeInstanceOf(StateConflictError);
    expect((error as Error).cause).toBe(failure);
  });

  it('passes other S3 failures through', async () => {
    const denied = new S3ServiceException({
      name: 'AccessDenied',
      $fault: 'client',
      $metadata: { httpStatusCode: 403 },
      message: 'denied',
    });
    s3.mock.on(GetObjectCommand).rejects(denied);
    const store = new S3StateStore({ client: s3.client, bucket: 'b' });

    await expect(store.get('k')).rejects.toBe(denied);
  });
});
