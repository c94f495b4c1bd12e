// Model files models.yaml names (issue 15, finding 4): a symlink leaving the repository is refused
// before anything is read or copied; what the registry stores is private to its owner.
import { chmod, mkdir, mkdtemp, readdir, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeExampleModels } from '../../../local/src/example-models/index.ts';
import { readRepoFile } from '../../src/adapters/local/read-repo-file.ts';
import { PrecheckError } from '../../src/domain/compile-precheck.ts';
import { prepareFirstModelInRepo } from './prepare-in-repo.ts';

const roots: string[] = [];
afterAll(async () => {
  for (const root of roots) await rm(root, { recursive: true, force: true });
});

async function tempDir(name: string) {
  const dir = await mkdtemp(join(tmpdir(), name));
  roots.push(dir);
  return dir;
}

const manifest = (artifact: string) => `apiVersion: mlrelease/v1
endpoint: { name: scoring-mme, instanceType: ml.c5.xlarge, instances: { min: 1, max: 2 } }
defaults:
  compile: { target: ml_c5 }
  release: { strategy: all-at-once, gates: { maxErrorRate: 1%, minRequests: 10 } }
models:
  - name: fraud-detector
    version: 1.1.0
    artifact: ${artifact}
    framework: onnx
    input: { name: features, dtype: float32, shape: [-1, 30] }
`;

describe('model files named by models.yaml', () => {
  it('refuses a symlink that points outside the repository, and copies nothing', async () => {
    const repo = await tempDir('repo-');
    const secretDir = await tempDir('secret-');
    const secret = join(secretDir, 'private.onnx');
    await writeFile(secret, 'not yours');
    await chmod(secret, 0o600);
    await mkdir(join(repo, 'models', 'fraud-detector', '1.1.0'), { recursive: true });
    await symlink(secret, join(repo, 'models', 'fraud-detector', '1.1.0', 'model.onnx'));
    const stateDir = join(repo, '.mlrelease');

    const error = await prepareFirstModelInRepo(
      repo,
      manifest('models/fraud-detector/1.1.0/model.onnx'),
      'mallory',
    ).catch((e: unknown) => e);

    // Reported as a positioned pre-check failure of the entry, caused by the refusal.
    expect(error).toBeInstanceOf(PrecheckError);
    expect((error as Error).message).toContain('resolves outside the repository');
    expect((error as Error).message).toContain('models/fraud-detector/1.1.0/model.onnx');
    expect(await readdir(stateDir).catch(() => [])).toEqual([]);
  });

  it('follows a symlink that stays inside the repository', async () => {
    const repo = await tempDir('repo-');
    await writeFile(join(repo, 'real.onnx'), 'bytes');
    await symlink(join(repo, 'real.onnx'), join(repo, 'link.onnx'));

    expect(new TextDecoder().decode(await readRepoFile(repo, 'link.onnx'))).toBe('bytes');
    await expect(readRepoFile(repo, '../outside.onnx')).rejects.toThrow();
  });

  it('stores artifacts and registrations 0600 in 0700 directories', async () => {
    const repo = await tempDir('repo-');
    await writeExampleModels(repo);
    const stateDir = join(repo, '.mlrelease');

    const prepared = await prepareFirstModelInRepo(repo, manifest('models/fraud-detector/1.1.0/model.onnx'), 'alice');

    const files = (await readdir(stateDir, { recursive: true, withFileTypes: true })).filter((e) => e.isFile());
    expect(files.length).toBeGreaterThan(0);
    for (const f of files)
      expect([join(f.parentPath, f.name), (await stat(join(f.parentPath, f.name))).mode & 0o777]).toEqual([
        join(f.parentPath, f.name),
        0o600,
      ]);
    const dirs = (await readdir(stateDir, { recursive: true, withFileTypes: true })).filter((e) => e.isDirectory());
    for (const d of dirs)
      expect([d.name, (await stat(join(d.parentPath, d.name))).mode & 0o777]).toEqual([d.name, 0o700]);
    expect(prepared.compiled.key).toContain('fraud-detector');
  });
});
