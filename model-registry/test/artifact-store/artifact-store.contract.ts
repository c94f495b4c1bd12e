// The behaviour every ArtifactStore adapter must have; each adapter's test file runs this suite.
import { describe, expect, it } from 'vitest';
import { InvalidArtifactKeyError } from '../../src/domain/artifact-key.ts';
import { ArtifactConflictError, ArtifactNotFoundError } from '../../src/ports/artifact-errors.ts';
import type { ArtifactStore } from '../../src/ports/artifact-store.ts';

export interface ContractFixture {
  readonly store: ArtifactStore;
  /** Replaces the stored bytes of a key behind the store's back, as a rogue writer would. */
  readonly overwrite: (key: string, bytes: Uint8Array) => Promise<void>;
}

const bytes = (text: string) => new TextEncoder().encode(text);
const ABSENT_HASH12 = '0123456789ab';

export function artifactStoreContract(name: string, setup: () => Promise<ContractFixture>): void {
  describe(`${name} (ArtifactStore contract)`, () => {
    it('stores bytes under <model>/<version>-<sha12>/<file> and reads them back', async () => {
      const { store } = await setup();

      const ref = await store.put('fraud-detector', '1.0.0', 'model.onnx', bytes('model-v1'));

      expect(ref.key).toMatch(/^fraud-detector\/1\.0\.0-[0-9a-f]{12}\/model\.onnx$/);
      expect(ref.sha256.startsWith(ref.key.split('/')[1]!.slice(-12))).toBe(true);
      expect(ref.sizeBytes).toBe(8);
      expect(await store.get(ref.key)).toEqual(bytes('model-v1'));
      expect(await store.exists(ref.key)).toBe(true);
    });

    it('putting the same bytes again is a no-op returning the same ref', async () => {
      const { store } = await setup();
      const first = await store.put('churn-scorer', '1.0.0', 'model.onnx', bytes('same'));

      const second = await store.put('churn-scorer', '1.0.0', 'model.onnx', bytes('same'));

      expect(second).toEqual(first);
    });

    it('different bytes give a different key', async () => {
      const { store } = await setup();

      const a = await store.put('churn-scorer', '1.0.0', 'model.onnx', bytes('a'));
      const b = await store.put('churn-scorer', '1.0.0', 'model.onnx', bytes('b'));

      expect(a.key).not.toBe(b.key);
    });

    it('refuses to keep an existing key whose bytes differ, with ArtifactConflictError', async () => {
      const { store, overwrite } = await setup();
      const ref = await store.put('fraud-detector', '1.0.0', 'model.onnx', bytes('model-v1'));
      await overwrite(ref.key, bytes('tampered'));

      const attempt = store.put('fraud-detector', '1.0.0', 'model.onnx', bytes('model-v1'));

      await expect(attempt).rejects.toBeInstanceOf(ArtifactConflictError);
      await expect(attempt).rejects.toThrow(/immutable/);
    });

    it('reports a missing key as not existing and get as ArtifactNotFoundError', async () => {
      const { store } = await setup();
      const key = `fraud-detector/9.9.9-${ABSENT_HASH12}/model.onnx`;

      expect(await store.exists(key)).toBe(false);
      await expect(store.get(key)).rejects.toBeInstanceOf(ArtifactNotFoundError);
    });

    it.each([
      ['../etc', '1.0.0', 'model.onnx'],
      ['fraud-detector', '../../x', 'model.onnx'],
      ['fraud-detector', '1.0.0', '../model.onnx'],
      ['Fraud Detector', '1.0.0', 'model.onnx'],
      ['fraud-detector', '1.0.0', 'a/b.onnx'],
    ])('rejects unsafe names (%s, %s, %s)', async (model, version, file) => {
      const { store } = await setup();

      await expect(store.put(model, version, file, bytes('x'))).rejects.toBeInstanceOf(InvalidArtifactKeyError);
    });

    it('rejects keys that could escape the store', async () => {
      const { store } = await setup();

      await expect(store.get('../../etc/passwd')).rejects.toBeInstanceOf(InvalidArtifactKeyError);
      await expect(store.exists(`fraud-detector/..-${ABSENT_HASH12}/model.onnx`)).rejects.toBeInstanceOf(
        InvalidArtifactKeyError,
      );
    });
  });
}
