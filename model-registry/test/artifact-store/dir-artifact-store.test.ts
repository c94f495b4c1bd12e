import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DirArtifactStore } from '../../src/adapters/local/dir-artifact-store.ts';
import { artifactStoreContract } from './artifact-store.contract.ts';

const roots: string[] = [];
afterAll(async () => {
  for (const root of roots) await rm(root, { recursive: true, force: true });
});

async function newStore(): Promise<DirArtifactStore> {
  const root = await mkdtemp(join(tmpdir(), 'artifacts-'));
  roots.push(root);
  return new DirArtifactStore(join(root, 'artifacts'));
}

artifactStoreContract('DirArtifactStore', async () => {
  const store = await newStore();
  return { store, overwrite: (key, bytes) => writeFile(store.pathOf(key), bytes) };
});

describe('DirArtifactStore', () => {
  it('concurrent puts of the same bytes both succeed and leave no temp files', async () => {
    const store = await newStore();
    const bytes = new TextEncoder().encode('race');

    const [a, b] = await Promise.all([
      store.put('fraud-detector', '1.0.0', 'model.onnx', bytes),
      store.put('fraud-detector', '1.0.0', 'model.onnx', bytes),
    ]);

    expect(a).toEqual(b);
    const dir = join(store.rootDir, a.key, '..');
    expect(await readdir(dir)).toEqual(['model.onnx']);
  });
});
