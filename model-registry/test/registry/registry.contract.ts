// The behaviour every ModelRegistry adapter must have; each adapter's test file runs this suite.
import { describe, expect, it } from 'vitest';
import { oneInput } from '../../../model-registry/test/support/one-input.ts';
import {
  type ModelRegistry,
  type NewRegistration,
  RegistryConflictError,
  VersionNotRegisteredError,
} from '../../src/ports/model-registry.ts';

const sha = (c: string) => c.repeat(64);

export function newRegistration(
  model: string,
  version: string,
  shaChar = 'a',
  at = '2026-11-24T10:00:00.000Z',
): NewRegistration {
  return {
    model,
    version,
    framework: 'onnx',
    target: 'ml_c5',
    signature: oneInput('features', 'float32', [-1, 30], 64),
    lineage: {
      sourceCommit: '0123abc',
      source: {
        key: `${model}/${version}-${sha(shaChar).slice(0, 12)}/model.onnx`,
        sha256: sha(shaChar),
        sizeBytes: 2495,
      },
      compiled: {
        key: `${model}/${version}-${sha('f').slice(0, 12)}/model.optimized.onnx`,
        sha256: sha('f'),
        sizeBytes: 2859,
      },
      compileReport: {
        compiler: 'onnxruntime',
        target: 'ml_c5',
        nodesBefore: 9,
        nodesAfter: 2,
        loadMsBefore: 0.6,
        loadMsAfter: 0.3,
        maxAbsDiff: 0,
        outputsEqual: true,
        durationMs: 39,
      },
      registeredBy: 'ci@pipeline',
      registeredAt: at,
    },
  };
}

export function registryContract(name: string, setup: () => Promise<ModelRegistry>): void {
  describe(`${name} (ModelRegistry contract)`, () => {
    it('registers a version pending approval, with its lineage', async () => {
      const registry = await setup();
      const entry = newRegistration('fraud-detector', '1.0.0');

      const registered = await registry.register(entry);

      expect(registered).toMatchObject({ ...entry, approval: 'PendingManualApproval' });
      expect(registered.id).toBeTruthy();
      expect(await registry.get('fraud-detector', '1.0.0')).toMatchObject({
        ...entry,
        approval: 'PendingManualApproval',
      });
    });

    it('registering the same version and bytes again returns the stored registration', async () => {
      const registry = await setup();
      const first = await registry.register(newRegistration('fraud-detector', '1.0.0'));

      const again = await registry.register(
        newRegistration('fraud-detector', '1.0.0', 'a', '2026-11-25T00:00:00.000Z'),
      );

      expect(again).toEqual(first);
      expect(await registry.list('fraud-detector')).toHaveLength(1);
    });

    it('refuses the same version from different bytes', async () => {
      const registry = await setup();
      await registry.register(newRegistration('fraud-detector', '1.0.0', 'a'));

      await expect(registry.register(newRegistration('fraud-detector', '1.0.0', 'b'))).rejects.toBeInstanceOf(
        RegistryConflictError,
      );
    });

    it('lists versions of one model oldest first, or of every model', async () => {
      const registry = await setup();
      await registry.register(newRegistration('fraud-detector', '1.1.0', 'b', '2026-11-24T11:00:00.000Z'));
      await registry.register(newRegistration('fraud-detector', '1.0.0', 'a', '2026-11-24T10:00:00.000Z'));
      await registry.register(newRegistration('churn-scorer', '1.0.0', 'c'));

      const fraud = await registry.list('fraud-detector');
      const all = await registry.list();

      expect(fraud.map((r) => r.version)).toEqual(['1.0.0', '1.1.0']);
      expect(all.map((r) => `${r.model}@${r.version}`)).toEqual([
        'churn-scorer@1.0.0',
        'fraud-detector@1.0.0',
        'fraud-detector@1.1.0',
      ]);
    });

    it('records approval and rejection with who, when and why', async () => {
      const registry = await setup();
      await registry.register(newRegistration('fraud-detector', '1.0.0'));
      const change = { by: 'alice', at: '2026-11-24T12:00:00.000Z', reason: 'reviewed metrics' };

      const approved = await registry.setApproval('fraud-detector', '1.0.0', 'Approved', change);
      const rejected = await registry.setApproval('fraud-detector', '1.0.0', 'Rejected', { ...change, by: 'bob' });

      expect(approved).toMatchObject({ approval: 'Approved', approvalChange: change });
      expect(rejected.approval).toBe('Rejected');
      expect(await registry.get('fraud-detector', '1.0.0')).toMatchObject({
        approval: 'Rejected',
        approvalChange: { ...change, by: 'bob' },
      });
    });

    it('knows nothing of versions never registered', async () => {
      const registry = await setup();

      expect(await registry.get('fraud-detector', '9.9.9')).toBeUndefined();
      expect(await registry.list('fraud-detector')).toEqual([]);
      await expect(
        registry.setApproval('fraud-detector', '9.9.9', 'Approved', { by: 'a', at: '2026-11-24T12:00:00.000Z' }),
      ).rejects.toBeInstanceOf(VersionNotRegisteredError);
    });
  });
}
