import { describe, expect, it } from 'vitest';
import { describeSignature } from '../../src/domain/describe-signature.ts';

describe('describeSignature', () => {
  it('prints one line per input and output, with the batch dim where there is one', () => {
    const lines = describeSignature({
      inputs: [
        { name: 'input', dtype: 'float32', shape: ['batch', 512], batchDim: 0, maxBatch: 64 },
        { name: 'sr', dtype: 'int64', shape: [], maxBatch: 1 },
      ],
      outputs: [{ name: 'output', dtype: 'float32', shape: ['batch', 1] }],
    });

    expect(lines).toEqual([
      'in  input float32 [batch, 512] (batch dim 0, max 64)',
      'in  sr int64 []',
      'out output float32 [batch, 1]',
    ]);
  });

  it('says when outputs are not declared, and prints nothing for an empty list', () => {
    expect(describeSignature({ inputs: [] })).toEqual(['out (not declared)']);
    expect(describeSignature({ inputs: [], outputs: [] })).toEqual([]);
  });
});
