// A stateful S3 behind aws-sdk-client-mock: objects with ETags and S3's conditional-write answers,
// so the S3 adapters can run the same contract tests as the local ones.
import {
  GetObjectCommand,
  ListObjectsV2Command,
  NoSuchKey,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';

export function fakeS3() {
  const objects = new Map<string, { body: string; etag: string }>();
  let etags = 0;
  const mock = mockClient(S3Client);
  const precondition = () =>
    new S3ServiceException({
      name: 'PreconditionFailed',
      $fault: 'client',
      $metadata: { httpStatusCode: 412 },
      message: 'At least one of the pre-conditions you specified did not hold',
    });
  mock.on(GetObjectCommand).callsFake(async (input) => {
    const o = objects.get(`${input.Bucket}/${input.Key}`);
    if (!o) throw new NoSuchKey({ $metadata: { httpStatusCode: 404 }, message: 'The specified key does not exist.' });
    return { ETag: o.etag, Body: { transformToString: async () => o.body } };
  });
  mock.on(PutObjectCommand).callsFake(async (input) => {
    const id = `${input.Bucket}/${input.Key}`;
    const current = objects.get(id);
    if (input.IfNoneMatch === '*' && current) throw precondition();
    if (input.IfMatch !== undefined && current?.etag !== input.IfMatch) {
      if (!current)
        throw new NoSuchKey({ $metadata: { httpStatusCode: 404 }, message: 'The specified key does not exist.' });
      throw precondition();
    }
    const etag = `"etag-${++etags}"`;
    objects.set(id, { body: String(input.Body), etag });
    return { ETag: etag };
  });
  mock.on(ListObjectsV2Command).callsFake(async (input) => {
    const all = [...objects.keys()]
      .filter((k) => k.startsWith(`${input.Bucket}/${input.Prefix ?? ''}`))
      .map((k) => k.slice(`${input.Bucket}/`.length))
      // StartAfter: only keys after it, in S3's (UTF-8 binary) order.
      .filter((k) => input.StartAfter === undefined || k > input.StartAfter)
      .sort();
    // Two keys per page, so pagination is exercised.
    const start = input.ContinuationToken ? Number(input.ContinuationToken) : 0;
    const page = all.slice(start, start + 2);
    const more = start + 2 < all.length;
    return {
      Contents: page.map((Key) => ({ Key })),
      IsTruncated: more,
      ...(more ? { NextContinuationToken: String(start + 2) } : {}),
    };
  });
  return { mock, client: new S3Client({ region: 'eu-west-1' }), objects };
}
