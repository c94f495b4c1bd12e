import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FileModelRegistry } from '../../src/adapters/local/file-model-registry.ts';
import { InvalidArtifactKeyError } from '../../src/domain/artifact-key.ts';
import { newRegistration, registryContract } from './registry.contract.ts';

const roots: string[] = [];
afterAll(async () => {
  for (const root of roots) await rm(root, { recursive: true, force: true });
});

async function newRegistry(): Promise<FileModelRegistry> {
  const root = await mkdtemp(join(tmpdir(), 'registry-'));
  roots.push(root);
  return new FileModelRegistry(join(root, 'registry'));
}

registryContract('FileModelRegistry', newRegistry);

describe('FileModelRegistry', () => {
  it('two concurrent registrations of one version: one record, same answer for both', async () => {
    const registry = await newRegistry();

    const [a, b] = await Promise.all([
      registry.register(newRegistration('fraud-detector', '1.0.0')),
      registry.register(newRegistration('fraud-detector', '1.0.0')),
    ]);

    expect(a).toEqual(b);
    expect(await registry.list()).toHaveLength(1);
  });

  it('rejects model names that would leave the registry directory', async () => {
    const registry = await newRegistry();

    await expect(registry.get('../x', '1.0.0')).rejects.toBeInstanceOf(InvalidArtifactKeyError);
  });
});
