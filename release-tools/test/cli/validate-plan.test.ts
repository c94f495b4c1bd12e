import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mutate, VALID } from '../../../model-registry/test/manifest/fixtures.ts';
import { FileStateStore } from '../../src/adapters/local/file-state-store.ts';
import { rolloutKey } from '../../src/domain/deployed-models.ts';
import { runMlrelease } from './run-cli.ts';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mlrelease-cli-'));
  await writeFile(join(dir, 'models.yaml'), VALID);
});
afterEach(() => rm(dir, { recursive: true, force: true }));

describe('mlrelease validate', () => {
  it('exits 0 and says valid for a valid file', async () => {
    const run = await runMlrelease(['validate'], dir);

    expect(run).toMatchObject({ code: 0, out: 'models.yaml: valid (2 models)\n', err: '' });
  });

  it('prints every positioned error and exits 1 for an invalid file', async () => {
    await writeFile(join(dir, 'broken.yaml'), mutate('version: 1.3.0', 'version: x').replace('split: 50', 'split: 0'));

    const run = await runMlrelease(['validate', 'broken.yaml'], dir);

    expect(run.code).toBe(1);
    expect(run.err).toBe(
      'broken.yaml:16:14: models[0].version: expected a semantic version like 1.2.3, got "x"\n' +
        'broken.yaml:27:14: models[1].release.split: expected a percentage from 1% to 99%, got number 0\n' +
        '2 problem(s) found\n',
    );
  });

  it('gives issues as data with --json', async () => {
    await writeFile(join(dir, 'models.yaml'), mutate('framework: onnx', 'framework: onyx'));

    const run = await runMlrelease(['validate', '--json'], dir);

    expect(run.code).toBe(1);
    expect(JSON.parse(run.out)).toEqual({
      valid: false,
      issues: [
        {
          file: 'models.yaml',
          line: 18,
          column: 16,
          path: 'models[0].framework',
          message:
            'expected one of onnx | pytorch | tensorflow | xgboost | mxnet | tflite, got "onyx" (did you mean "onnx"?)',
        },
      ],
    });
  });

  it('reports a missing file at 1:1 and exits 1', async () => {
    const run = await runMlrelease(['validate', 'nope.yaml'], dir);

    expect(run).toMatchObject({ code: 1, err: 'nope.yaml:1:1: file not found\n1 problem(s) found\n' });
  });
});

describe('mlrelease plan', () => {
  it('prints new models on an empty state dir', async () => {
    const run = await runMlrelease(['plan'], dir);

    expect(run.code).toBe(0);
    expect(run.out).toContain('+ fraud-detector  new 1.3.0');
    expect(run.out).toContain('Plan: 2 new, 0 to release, 0 to retire, 0 unchanged');
  });

  it('compares with rollout state and never writes', async () => {
    const store = new FileStateStore(join(dir, '.mlrelease', 'state'));
    await store.put(rolloutKey('fraud-detector'), { model: 'fraud-detector', stable: { version: '1.2.0' } }, null);
    await store.put(rolloutKey('old-model'), { model: 'old-model', stable: { version: '0.1.0' } }, null);
    const before = await store.list('');

    const run = await runMlrelease(['plan', '--json'], dir);

    expect(run.code).toBe(0);
    const plan = JSON.parse(run.out);
    expect(plan.actions).toContainEqual(
      expect.objectContaining({
        kind: 'release',
        model: 'fraud-detector',
        from: '1.2.0',
        to: '1.3.0',
        strategy: 'canary',
      }),
    );
    expect(plan.actions).toContainEqual({ kind: 'retire', model: 'old-model', version: '0.1.0' });
    expect(await store.list('')).toEqual(before);
    expect((await store.get(rolloutKey('fraud-detector')))?.version).toBe('1');
  });

  it('refuses an invalid manifest with exit 1', async () => {
    await writeFile(join(dir, 'models.yaml'), 'apiVersion: v0\n');

    const run = await runMlrelease(['plan'], dir);

    expect(run.code).toBe(1);
    expect(run.err).toContain('models.yaml:1:13: apiVersion: expected one of mlrelease/v1, got "v0"');
  });
});

describe('mlrelease usage', () => {
  it('exits 2 on an unknown command and on a missing command', async () => {
    expect((await runMlrelease(['deploy-everything'], dir)).code).toBe(2);
    expect((await runMlrelease([], dir)).code).toBe(2);
  });

  it('prints help for every command with exit 0', async () => {
    const run = await runMlrelease(['plan', '--help'], dir);

    expect(run.code).toBe(0);
    expect(run.out).toContain('mlrelease plan [file]');
  });
});
