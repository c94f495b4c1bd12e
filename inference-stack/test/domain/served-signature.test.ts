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
    ['a new model (nothing routed yet): the declared one', undefined, v5],
    ['the routed version is the declared one: the declaration', { version: '5.0.0', signature: legacy }, v5],
    [
      'another version is routed (held, not switched, rolled back): its own',
      { version: '4.0.0', signature: legacy },
      legacy,
    ],
    ['a record written before signatures were recorded: the declared one', { version: '4.0.0' }, v5],
  ])('%s', (_, routed, expected) => {
    expect(servedSignature({ name: 'vad', version: '5.0.0', signature: v5 }, routed)).toBe(expected);
  });

  it('maps every declared model, asking for each one’s routed version', () => {
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
