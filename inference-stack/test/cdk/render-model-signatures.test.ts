import { describe, expect, it } from 'vitest';
import { readManifest } from '../../../pipeline/src/build-app.ts';
import {
  ModelSignaturesTooLargeError,
  renderModelSignatures,
} from '../../src/constructs/observability/render-model-signatures.ts';
import { TWO_MODELS } from './test-app.ts';

describe('renderModelSignatures', () => {
  it('maps each model to its signature', () => {
    const json = renderModelSignatures(readManifest(TWO_MODELS, 'models.yaml'));
    expect(JSON.parse(json)).toEqual({
      'fraud-detector': {
        inputs: [{ name: 'features', dtype: 'float32', shape: [-1, 30], batchDim: 0, maxBatch: 64 }],
      },
      'churn-scorer': { inputs: [{ name: 'features', dtype: 'float32', shape: [-1, 12], batchDim: 0, maxBatch: 64 }] },
    });
  });

  it('refuses signatures too large for a Lambda environment', () => {
    const manifest = readManifest(TWO_MODELS, 'models.yaml');
    const model = manifest.models[0]!;
    const many = {
      ...manifest,
      models: Array.from({ length: 60 }, (_, i) => ({ ...model, name: `model-number-${i}` })),
    };
    expect(() => renderModelSignatures(many)).toThrow(ModelSignaturesTooLargeError);
  });
});
