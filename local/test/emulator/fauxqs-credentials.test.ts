// Finding 11 of issue 15: the fauxqs emulator accepted any credentials, so any local user could
// list, read and overwrite requests and results. Now it answers only the platform's own access key,
// random per start and written nowhere but <stateDir>/fauxqs-credentials.json (0600).
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { ListQueuesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FauxqsDataPlane, startFauxqsDataPlane } from '../../src/data-plane-fauxqs.ts';

let stateDir: string;
let plane: FauxqsDataPlane;

beforeAll(async () => {
  stateDir = await mkdtemp(join(tmpdir(), 'fauxqs-credentials-'));
  plane = await startFauxqsDataPlane({ stateDir });
});

afterAll(async () => {
  await plane?.stop();
  await rm(stateDir, { recursive: true, force: true });
});

const client = <T>(Client: new (config: object) => T, accessKeyId: string, secretAccessKey: string) =>
  new Client({
    endpoint: plane.emulator.endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId, secretAccessKey },
  });

describe('the fauxqs data plane', () => {
  it.each([
    ['the documented local/local', 'local', 'local'],
    ['another access key', 'AKIAIOSFODNN7EXAMPLE', 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'],
  ])('refuses %s credentials on S3 and SQS', async (_name, key, secret) => {
    await plane.store.put('requests/r1.json', '{"secret":"input"}');
    const s3 = client(S3Client, key, secret);
    const sqs = client(SQSClient, key, secret);

    const listed = await s3.send(new ListObjectsV2Command({ Bucket: plane.resources.bucket })).catch((e: Error) => e);
    const queues = await sqs.send(new ListQueuesCommand({})).catch((e: Error) => e);
    s3.destroy();
    sqs.destroy();

    expect(listed).toBeInstanceOf(Error);
    expect((listed as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode).toBe(403);
    expect(queues).toBeInstanceOf(Error);
  });

  it('answers its own credentials, kept only in the state dir at 0600', async () => {
    const path = join(stateDir, 'fauxqs-credentials.json');
    const saved = JSON.parse(await readFile(path, 'utf8')) as { accessKeyId: string; secretAccessKey: string };
    const s3 = client(S3Client, saved.accessKeyId, saved.secretAccessKey);

    const listed = await s3.send(new ListObjectsV2Command({ Bucket: plane.resources.bucket }));
    s3.destroy();

    expect(((await stat(path)).mode & 0o777).toString(8)).toBe('600');
    expect(saved.accessKeyId).toMatch(/^[A-Z0-9]{20}$/);
    expect(listed.Contents?.map((o) => o.Key)).toContain('requests/r1.json');
  });
});
