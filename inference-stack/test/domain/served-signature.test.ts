import { describe, expect, it } from 'vitest';
import type { ModelSignature } from '../../../model-registry/src/domain/manifest/types.ts';
import { servedSignature, servedSignatures } from '../../src/domain/served-signature.ts';

const sig = (name: string): ModelSignature => ({
  inputs: [{ name, dtype: 'float32', shape: [-1, 4], batchDim: 0, maxBatch: 64 }],
});
const legacy = sig('h');
const v5 = sig('state');

describe('servedSignature: requests are validated against the version they are routed to', () => {
  it.each([
    ['a new model (no stable yet): the declared one', undefined, v5],
    ['stable is the declared version: the declaration', { version: '5.0.0', signature: legacy }, v5],
    [
      'another version is stable (held, not switched, rolled back): stable’s',
      { version: '4.0.0', signature: legacy },
      legacy,
    ],
    ['a record written before signatures were recorded: the declared one', { version: '4.0.0' }, v5],
  ])('%s', (_, stable, expected) => {
    expect(servedSignature({ name: 'vad', version: '5.0.0', signature: v5 }, stable)).toBe(expected);
  });

  it('maps every declared model, asking for each one’s stable', () => {
    const served = servedSignatures(
      [
        { name: 'held', version: '5.0.0', signature: v5 },
        { name: 'new', version: '1.0.0', signature: v5 },
      ],
      (model) => (model === 'held' ? { version: '4.0.0', signature: legacy } : undefined),
    );

    expect(served).toEqual({ held: legacy, new: v5 });
  });
});
