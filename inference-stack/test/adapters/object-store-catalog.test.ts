import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { loadManifest } from '../../../model-registry/src/domain/manifest/load-manifest.ts';
import { renderCatalog } from '../../../release-tools/src/desired-resources/model-resources.ts';
import { ObjectStoreCatalog, UnsupportedCatalogError } from '../../src/adapters/object-store-catalog.ts';
import { MemoryObjectStore } from '../support/memory-object-store.ts';

const KEY = 'state/catalog.json';

async function catalogOf(document: unknown) {
  const store = new MemoryObjectStore();
  await store.put(KEY, JSON.stringify(document));
  return new ObjectStoreCatalog(store, KEY).current();
}

describe('ObjectStoreCatalog', () => {
  it('reads a format-1 catalog (one input per model) exactly as the controller wrote it before signatures', async () => {
    const written = JSON.parse(await readFile(new URL('../fixtures/catalog-v1/catalog.json', import.meta.url), 'utf8'));

    const catalog = await catalogOf(written);

    expect(catalog.signature('fraud-detector')).toEqual({
      inputs: [{ name: 'features', dtype: 'float32', shape: [-1, 30], batchDim: 0, maxBatch: 64 }],
    });
    expect(catalog.signature('churn-scorer')?.inputs[0]?.shape).toEqual([-1, 12]);
  });

  it('reads the format-2 catalog the controller publishes: every input of every model', async () => {
    const manifest = loadManifest(`apiVersion: mlrelease/v1
endpoint: { name: e, instanceType: ml.c5.xlarge, instances: { min: 1, max: 1 }, targetInvocationsPerInstance: 10 }
models:
  - name: silero-vad
    version: 5.0.0
    artifact: models/vad.onnx
    framework: onnx
    compile: { target: ml_c5 }
    release: { strategy: all-at-once }
    inputs:
      - { name: input, dtype: float32, shape: [batch, samples], batchDim: 0 }
      - { name: state, dtype: float32, shape: [2, batch, 128], batchDim: 1 }
      - { name: sr, dtype: int64, shape: [] }
`);
    if (!manifest.ok) throw new Error(JSON.stringify(manifest.issues));

    const catalog = await catalogOf(renderCatalog(manifest.manifest));

    expect(catalog.signature('silero-vad')).toEqual(manifest.manifest.models[0]!.signature);
    expect(catalog.signature('silero-vad')?.inputs.map((i) => i.name)).toEqual(['input', 'state', 'sr']);
  });

  it('refuses a catalog written by a newer format instead of reading it wrongly', async () => {
    await expect(catalogOf({ formatVersion: 3, models: {} })).rejects.toThrow(UnsupportedCatalogError);
  });
});
