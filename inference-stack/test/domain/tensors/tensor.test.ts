import { describe, expect, it } from 'vitest';
import { elementCount, formatErrors } from '../../../src/domain/tensors/tensor.ts';

describe('elementCount: the number of elements a shape holds', () => {
  it.each([
    [[], 1],
    [[7], 7],
    [[2, 3, 4], 24],
    [[2, 1, 128], 256],
    [[3, 0, 5], 0],
  ])('%j holds %d', (shape, count) => {
    expect(elementCount(shape)).toBe(count);
  });
});

describe('formatErrors', () => {
  it('writes each error as "path: message", separated by "; "', () => {
    expect(
      formatErrors([
        { path: 'inputs.x', message: 'is required' },
        { path: 'inputs.y[0]', message: 'must be a string' },
      ]),
    ).toBe('inputs.x: is required; inputs.y[0]: must be a string');
    expect(formatErrors([])).toBe('');
  });
});
