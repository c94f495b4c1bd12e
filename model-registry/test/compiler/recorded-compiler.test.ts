import 'aws-sdk-client-mock-vitest/extend';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, describe, expect, it } from 'vitest';
import { oneInput } from '../../../model-registry/test/support/one-input.ts';
import { S3CompileRecords } from '../../src/adapters/aws/s3-compile-records.ts';
import { DirArtifactStore } from '../../src/adapters/local/dir-artifact-store.ts';
import { type CompileRecords, RecordedCompiler } from '../../src/adapters/recorded-compiler.ts';
import {
  CompilationFailedError,
  type CompileRequest,
  type CompileResult,
  type ModelCompiler,
} from '../../src/ports/compiler.ts';
import { s3Error } from '../artifact-store/fake-s3.ts';
import { compilerContract } from './compiler.contract.ts';

const roots: string[] = [];
afterAll(async () => {
  for (const root of roots) await rm(root, { recursive: true, force: true });
});

/** An inner compiler that counts its runs and refuses sources named broken. */
async function setup() {
  const root = await mkdtemp(join(tmpdir(), 'recorded-'));
  roots.push(root);
  const artifacts = new DirArtifactStore(root);
  const runs: string[] = [];
  const inner: ModelCompiler = {
    async compile(request) {
      runs.push(request.source.key);
      if (request.source.key.includes('broken')) throw new CompilationFailedError(request.model, 'no valid model');
      const bytes = new TextEncoder().encode(`compiled:${request.source.sha256}`);
      const compiled = await artifacts.put(request.model, request.version, 'model.tar.gz', bytes);
      const report = {
        compiler: 'sagemaker-neo',
        target: request.target,
        maxAbsDiff: null,
        outputsEqual: null,
        durationMs: 5,
      } as const;
      return { compiled, report };
    },
  };
  const stored = new Map<string, CompileResult>();
  const records: CompileRecords = {
    get: async (r) => stored.get(`${r.source.sha256}:${r.target}`),
    put: async (r, result) => void stored.set(`${r.source.sha256}:${r.target}`, result),
  };
  const request = async (version: string, fileName = 'model.onnx'): Promise<CompileRequest> => ({
    model: 'fraud-detector',
    version,
    source: await artifacts.put(
      'fraud-detector',
      version,
      fileName,
      new TextEncoder().encode(`${version}:${fileName}`),
    ),
    framework: 'onnx',
    signature: oneInput('features', 'float32', [-1, 30], 64),
    target: 'ml_c5',
    engine: 'onnxruntime',
  });
  return { compiler: new RecordedCompiler(inner, records, artifacts), artifacts, runs, stored, request, root };
}

compilerContract('RecordedCompiler', async () => {
  const { compiler, artifacts, request } = await setup();
  return { compiler, artifacts, good: await request('1.0.0'), rejected: await request('1.1.0', 'broken.onnx') };
});

describe('RecordedCompiler', () => {
  it('compiles a source once and answers later runs from the record', async () => {
    const { compiler, runs, request } = await setup();
    const good = await request('1.0.0');

    const first = await compiler.compile(good);
    const second = await compiler.compile(good);

    expect(second).toEqual(first);
    expect(runs).toHaveLength(1);
  });

  it('compiles again when the recorded artifact is gone', async () => {
    const { compiler, runs, request, root } = await setup();
    const good = await request('1.0.0');
    const { compiled } = await compiler.compile(good);
    await rm(join(root, compiled.key));

    await compiler.compile(good);

    expect(runs).toHaveLength(2);
  });
});

describe('S3CompileRecords', () => {
  const client = new S3Client({ region: 'eu-west-1', credentials: { accessKeyId: 'a', secretAccessKey: 'b' } });
  const records = new S3CompileRecords({ client, bucket: 'data', prefix: 'models/', kmsKeyId: 'key-arn' });
  const sha = 'ab'.repeat(32);
  const request: CompileRequest = {
    model: 'fraud-detector',
    version: '1.0.0',
    source: { key: `fraud-detector/1.0.0-${sha.slice(0, 12)}/model.onnx`, sha256: sha, sizeBytes: 10 },
    framework: 'onnx',
    signature: oneInput('x', 'float32', [-1, 4], 8),
    target: 'ml_c5',
    engine: 'neo',
  };
  const result: CompileResult = {
    compiled: {
      key: `fraud-detector/1.0.0-${'cd'.repeat(6)}/model-ml_c5.tar.gz`,
      sha256: 'cd'.repeat(32),
      sizeBytes: 7,
    },
    report: { compiler: 'sagemaker-neo', target: 'ml_c5', maxAbsDiff: null, outputsEqual: null, durationMs: 9 },
  };
  const key = `models/fraud-detector/1.0.0-${sha.slice(0, 12)}/compiled-ml_c5.json`;
  const body = (text: string) => ({ Body: { transformToString: async () => text } }) as never;

  it('keeps records of each engine apart; Neo records keep the name they had when Neo was the only engine', () => {
    expect(records.recordKey(request)).toBe(key);
    expect(records.recordKey({ ...request, engine: 'onnxruntime' })).toBe(
      `models/fraud-detector/1.0.0-${sha.slice(0, 12)}/compiled-onnxruntime-ml_c5.json`,
    );
  });

  it('writes the record next to the source, encrypted with the artifacts key', async () => {
    const mock = mockClient(client);
    mock.on(PutObjectCommand).resolves({});

    await records.put(request, result);

    expect(mock).toHaveReceivedCommandWith(PutObjectCommand, {
      Bucket: 'data',
      Key: key,
      Body: JSON.stringify({ sourceSha256: sha, ...result }),
      ServerSideEncryption: 'aws:kms',
      SSEKMSKeyId: 'key-arn',
    });
    mock.restore();
  });

  it('reads it back for the same source, and ignores a record of other bytes under the same 12-hex key', async () => {
    const mock = mockClient(client);
    mock.on(GetObjectCommand, { Key: key }).resolves(body(JSON.stringify({ sourceSha256: sha, ...result })));

    expect(await records.get(request)).toEqual(result);
    mock
      .on(GetObjectCommand, { Key: key })
      .resolves(body(JSON.stringify({ sourceSha256: 'ef'.repeat(32), ...result })));
    expect(await records.get(request)).toBeUndefined();
    mock.restore();
  });

  it('answers undefined when there is no record and passes AccessDenied on', async () => {
    const mock = mockClient(client);
    mock.on(GetObjectCommand).rejectsOnce(s3Error('NoSuchKey', 404)).rejectsOnce(s3Error('AccessDenied', 403));

    expect(await records.get(request)).toBeUndefined();
    await expect(records.get(request)).rejects.toMatchObject({ name: 'AccessDenied' });
    mock.restore();
  });
});
