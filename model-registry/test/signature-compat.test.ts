import { describe, expect, it } from 'vitest';
import { loadManifest } from '../src/domain/manifest/load-manifest.ts';
import type { ModelSignature } from '../src/domain/manifest/types.ts';
import { type DeployedModel, planRelease } from '../src/domain/plan.ts';
import { compareSignatures } from '../src/domain/signature-compat.ts';
import { mutate } from './manifest/fixtures.ts';

// Silero VAD's two families, as models.yaml declares them.
const v5: ModelSignature = {
  inputs: [
    { name: 'input', dtype: 'float32', shape: ['batch', 'samples'], batchDim: 0, maxBatch: 64 },
    { name: 'state', dtype: 'float32', shape: [2, 'batch', 128], batchDim: 1, maxBatch: 64 },
    { name: 'sr', dtype: 'int64', shape: [], maxBatch: 64 },
  ],
  outputs: [
    { name: 'output', dtype: 'float32', shape: ['batch', 1] },
    { name: 'stateN', dtype: 'float32', shape: [2, 'batch', 128] },
  ],
};
const legacy: ModelSignature = {
  inputs: [
    { name: 'input', dtype: 'float32', shape: ['batch', 'samples'], batchDim: 0, maxBatch: 64 },
    { name: 'sr', dtype: 'int64', shape: [], maxBatch: 64 },
    { name: 'h', dtype: 'float32', shape: [2, 'batch', 64], batchDim: 1, maxBatch: 64 },
    { name: 'c', dtype: 'float32', shape: [2, 'batch', 64], batchDim: 1, maxBatch: 64 },
  ],
  outputs: [
    { name: 'output', dtype: 'float32', shape: ['batch', 1] },
    { name: 'hn', dtype: 'float32', shape: [2, 'batch', 64] },
    { name: 'cn', dtype: 'float32', shape: [2, 'batch', 64] },
  ],
};
const input0 = v5.inputs[0]!;
const withInput = (i: number, patch: object): ModelSignature => ({
  ...v5,
  inputs: v5.inputs.map((s, k) => (k === i ? { ...s, ...patch } : s)),
});

describe('compareSignatures', () => {
  it('finds v5 -> v6 (same signature) compatible', () => {
    expect(compareSignatures(v5, structuredClone(v5))).toEqual([]);
  });

  it('lists every change from legacy to v5, inputs and outputs, with what callers must do', () => {
    expect(compareSignatures(legacy, v5).map((c) => `${c.path.join('.')}: ${c.change}; ${c.callers}`)).toEqual([
      'inputs.1.name: new input "state" (float32 [2, batch, 128]); send "state" in every request',
      'inputs: input "h" removed (stable\'s inputs[2]); stop sending "h"',
      'inputs: input "c" removed (stable\'s inputs[3]); stop sending "c"',
      'outputs: output "hn" removed (stable\'s outputs[1]); stop reading "hn" from responses',
      'outputs: output "cn" removed (stable\'s outputs[2]); stop reading "cn" from responses',
    ]);
  });

  it.each<[string, ModelSignature, string[]]>([
    ['a dtype change', withInput(2, { dtype: 'int32' }), ['inputs.2.dtype']],
    ['a narrowed dimension (dynamic -> fixed)', withInput(0, { shape: ['batch', 512] }), ['inputs.0.shape']],
    ['a rank change', withInput(2, { shape: [1] }), ['inputs.2.shape']],
    ['a lower maxBatch', withInput(0, { maxBatch: 8 }), ['inputs.0.maxBatch']],
    [
      'an output dtype change',
      { ...v5, outputs: [{ ...v5.outputs![0]!, dtype: 'float64' }, v5.outputs![1]!] },
      ['outputs.0.dtype'],
    ],
  ])('counts %s as incompatible', (_name, candidate, paths) => {
    expect(compareSignatures(v5, candidate).map((c) => c.path.join('.'))).toEqual(paths);
  });

  it.each<[string, ModelSignature]>([
    ['a widened dimension (fixed -> dynamic)', { inputs: [{ ...input0, shape: ['batch', 'n'] }] }],
    ['a higher maxBatch', { inputs: [{ ...input0, maxBatch: 128 }] }],
    ['a renamed dynamic dimension', { inputs: [{ ...input0, shape: ['b', 'samples'] }] }],
    ['a new output', { inputs: [input0], outputs: [{ name: 'extra', dtype: 'float32', shape: [1] }] }],
  ])('counts %s as compatible', (_name, candidate) => {
    const stable: ModelSignature = { inputs: [{ ...input0, shape: ['batch', 512] }], outputs: [] };
    expect(compareSignatures(stable, candidate)).toEqual([]);
  });
});

describe('planRelease compares signatures', () => {
  const manifestWith = (text: string) => {
    const result = loadManifest(text);
    if (!result.ok) throw new Error(JSON.stringify(result.issues));
    return result.manifest;
  };
  const fraudStable = (signature: ModelSignature): DeployedModel => ({
    name: 'fraud-detector',
    stableVersion: '1.2.0',
    stableSignature: signature,
  });
  const wider: ModelSignature = {
    inputs: [{ name: 'features', dtype: 'float32', shape: [-1, 31], batchDim: 0, maxBatch: 64 }],
  };

  it("releases normally when stable's signature is the same", () => {
    const plan = planRelease(manifestWith(mutate('shape: [-1, 30]', 'shape: [-1, 30]')), [
      fraudStable({ inputs: [{ name: 'features', dtype: 'float32', shape: [-1, 30], batchDim: 0, maxBatch: 64 }] }),
    ]);
    expect(plan.actions[0]).toMatchObject({ kind: 'release', strategy: 'canary' });
  });

  it('refuses an incompatible release and says what changed', () => {
    const plan = planRelease(manifestWith(mutate('shape: [-1, 30]', 'shape: [-1, 30]')), [fraudStable(wider)]);
    expect(plan.actions[0]).toEqual({
      kind: 'refused',
      model: 'fraud-detector',
      from: '1.2.0',
      to: '1.3.0',
      changes: [
        {
          path: ['inputs', 0, 'shape'],
          change: 'input "features" shape [-1, 31] -> [-1, 30]',
          callers: 'send "features" with shape [-1, 30]',
        },
      ],
    });
    expect(plan.summary.refused).toBe(1);
  });

  it('releases it all at once when declared breaking, listing what callers must change', () => {
    const text = mutate(
      '    input: { name: features, dtype: float32, shape: [-1, 30] }\n',
      '    input: { name: features, dtype: float32, shape: [-1, 30] }\n    release: { strategy: all-at-once, breaking: true }\n',
    );
    const plan = planRelease(manifestWith(text), [fraudStable(wider)]);
    expect(plan.actions[0]).toMatchObject({
      kind: 'release',
      strategy: 'all-at-once',
      breaking: [{ path: ['inputs', 0, 'shape'] }],
    });
  });

  it('does not compare against a stable released before signatures were recorded', () => {
    const plan = planRelease(manifestWith(mutate('shape: [-1, 30]', 'shape: [-1, 30]')), [
      { name: 'fraud-detector', stableVersion: '1.2.0' },
    ]);
    expect(plan.actions[0]?.kind).toBe('release');
  });
});
