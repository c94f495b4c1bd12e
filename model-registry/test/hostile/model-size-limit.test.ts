// Issue 15, finding 10: no model file size limit. A model file over the limit is refused by its
// size, before it is read (or copied into the state dir), as a positioned pre-check failure.
import { mkdir, mkdtemp, readdir, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { S3Client } from '@aws-sdk/client-s3';
import { afterAll, describe, expect, it } from 'vitest';
import { readS3Object } from '../../src/adapters/aws/s3-object-reader.ts';
import {
  ArtifactTooLargeError,
  MAX_MODEL_BYTES,
  modelSizeLimit,
  readRepoFile,
} from '../../src/adapters/local/read-repo-file.ts';
import { PrecheckError } from '../../src/domain/compile-precheck.ts';
import { prepareFirstModelInRepo } from './prepare-in-repo.ts';

const roots: string[] = [];
afterAll(async () => {
  for (const root of roots) await rm(root, { recursive: true, force: true });
});

const manifest = `apiVersion: mlrelease/v1
endpoint: { name: scoring-mme, instanceType: ml.c5.xlarge, instances: { min: 1, max: 2 } }
defaults:
  compile: { target: ml_c5 }
  release: { strategy: all-at-once, gates: { maxErrorRate: 1%, minRequests: 10 } }
models:
  - name: fraud-detector
    version: 1.1.0
    artifact: models/huge.onnx
    framework: onnx
    input: { name: features, dtype: float32, shape: [-1, 30] }
`;

async function repoWithModelOf(bytes: number): Promise<string> {
  const repo = await mkdtemp(join(tmpdir(), 'model-size-'));
  roots.push(repo);
  await mkdir(join(repo, 'models'));
  await writeFile(join(repo, 'models', 'huge.onnx'), '');
  // Sparse: the size is real for stat() and read(), the disk holds nothing.
  await truncate(join(repo, 'models', 'huge.onnx'), bytes);
  return repo;
}

describe('model file size limit', () => {
  it('refuses a model file over the limit by its size, naming the file, the size and the limit', async () => {
    const repo = await repoWithModelOf(3 * 2 ** 20);

    const error = await readRepoFile(repo, 'models/huge.onnx', { maxBytes: 2 ** 20 }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ArtifactTooLargeError);
    expect((error as Error).message).toBe(
      'artifact models/huge.onnx is 3.0 MiB; the limit is 1.0 MiB (MLRELEASE_MAX_MODEL_BYTES)',
    );
  });

  it('reads a model file at the limit', async () => {
    const repo = await repoWithModelOf(2 ** 20);

    expect((await readRepoFile(repo, 'models/huge.onnx', { maxBytes: 2 ** 20 })).byteLength).toBe(2 ** 20);
  });

  it('the release of a 3 GiB model stops at its pre-check, with nothing copied into the state dir', async () => {
    const repo = await repoWithModelOf(3 * 2 ** 30);
    const stateDir = join(repo, '.mlrelease');

    const error = await prepareFirstModelInRepo(repo, manifest, 'mallory').catch((e: unknown) => e);

    expect(error).toBeInstanceOf(PrecheckError);
    expect((error as Error).message).toContain('artifact models/huge.onnx is 3.0 GiB; the limit is 2.0 GiB');
    expect(await readdir(stateDir).catch(() => [])).toEqual([]);
  });

  it('takes the limit from MLRELEASE_MAX_MODEL_BYTES, refusing a value that is not a positive integer', () => {
    expect(modelSizeLimit({})).toBe(MAX_MODEL_BYTES);
    expect(modelSizeLimit({ MLRELEASE_MAX_MODEL_BYTES: '1048576' })).toBe(2 ** 20);
    expect(() => modelSizeLimit({ MLRELEASE_MAX_MODEL_BYTES: '1e3' })).toThrow(/MLRELEASE_MAX_MODEL_BYTES/);
    expect(() => modelSizeLimit({ MLRELEASE_MAX_MODEL_BYTES: '0' })).toThrow(/MLRELEASE_MAX_MODEL_BYTES/);
  });
});

describe('model file size limit on S3 (s3:// artifacts)', () => {
  it('refuses an object over the limit by its Content-Length, without reading its body', async () => {
    let bodyRead = false;
    const client = {
      send: async () => ({
        ContentLength: 3 * 2 ** 30,
        Body: {
          transformToByteArray: async () => {
            bodyRead = true;
            return new Uint8Array();
          },
        },
      }),
    } as unknown as S3Client;

    const error = await readS3Object(client, 's3://models/fraud/huge.onnx', MAX_MODEL_BYTES).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ArtifactTooLargeError);
    expect((error as Error).message).toContain('artifact s3://models/fraud/huge.onnx is 3.0 GiB; the limit is 2.0 GiB');
    expect(bodyRead).toBe(false);
  });
});
